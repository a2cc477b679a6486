package dev.opsbook.approval;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.RunbookRef;
import java.util.Optional;

/** A vote on whatever step of {@code runId} is waiting for approval. */
public record CastVote(String runId, Actor voter, Decision decision, String reason, Optional<RunbookRef> runbook) {
    public CastVote {
        reason = reason == null ? "" : reason;
    }
}
