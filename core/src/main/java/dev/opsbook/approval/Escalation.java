package dev.opsbook.approval;

import dev.opsbook.runbook.EscalationLevel;
import java.time.Instant;
import java.util.List;

/** Which levels of a runbook's escalation chain are due for a waiting request and not yet notified. */
public final class Escalation {
    private Escalation() {}

    public static List<EscalationLevel> due(ApprovalRequest request, List<EscalationLevel> chain, Instant now) {
        if (request.status() != ApprovalStatus.OPEN) {
            return List.of();
        }
        return chain.stream().skip(request.escalations())
                .takeWhile(level -> !request.requestedAt().plus(level.after()).isAfter(now))
                .toList();
    }
}
