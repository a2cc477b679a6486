package dev.opsbook.chatops;

import dev.opsbook.chat.ChatMessage;
import dev.opsbook.execution.RunId;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to a request that starts a run (a start or a roll-back): the reply for the requester, and the id of the
 * run when the engine accepted one — empty when it was refused, is still starting, or was a dry run. Callers that need
 * the new run (the dashboard redirects to its page) read {@link #runId()}, never the reply's text.
 */
public record RunStartAnswer(ChatMessage reply, Optional<RunId> runId) {
    public RunStartAnswer {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(runId, "runId");
    }

    /** An answer without a run: a refusal, a notice, or a plan. */
    static RunStartAnswer without(ChatMessage reply) {
        return new RunStartAnswer(reply, Optional.empty());
    }
}
