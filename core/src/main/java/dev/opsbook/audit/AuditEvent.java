package dev.opsbook.audit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * An action to record, before it has a sequence number and hash. {@code parameters} must already
 * have secret values redacted; {@code details} holds action-specific facts (reason refused, exit code…).
 */
public record AuditEvent(
        Actor actor,
        String action,
        Optional<String> runId,
        Optional<String> stepId,
        Optional<RunbookRef> runbook,
        Map<String, String> parameters,
        String result,
        Optional<Duration> duration,
        Optional<String> threadRef,
        Map<String, String> details) {

    public AuditEvent {
        if (action.isBlank()) {
            throw new IllegalArgumentException("an audit event needs an action");
        }
        parameters = Map.copyOf(parameters);
        details = Map.copyOf(details);
    }
}
