package dev.opsbook.chat;

import java.util.Optional;

/**
 * An approver's vote on run {@code runId}: on step {@code stepId} when the vote came from that
 * step's request message (button or reaction), or on whatever the run is waiting for when typed
 * ({@code /runbook approve RUN}). {@code reason} is optional free text (rejections).
 */
public record CastVote(
        String runId,
        Optional<String> stepId,
        Decision decision,
        Optional<String> reason,
        Requester voter,
        ChatThread thread,
        Source source) {

    /** How the vote reached opsbook; kept in the audit details. */
    public enum Source { COMMAND, BUTTON, REACTION, WEB }

    public CastVote {
        if (runId == null || runId.isBlank() || decision == null || voter == null || thread == null || source == null) {
            throw new IllegalArgumentException("a vote needs a run id, a decision, a voter, a thread and a source");
        }
        stepId = stepId == null ? Optional.empty() : stepId.filter(s -> !s.isBlank());
        reason = reason == null ? Optional.empty() : reason.filter(r -> !r.isBlank());
    }
}
