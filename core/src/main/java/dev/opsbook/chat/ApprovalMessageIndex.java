package dev.opsbook.chat;

import java.util.Optional;

/**
 * Remembers which chat message asks for which step's approval, so a reaction on that message
 * (which carries only the message reference) becomes a vote, and which message each run's thread
 * hangs off, so votes, refusals and late votes are answered in that thread also after the run
 * finished or when another replica drives it. The in-memory implementation serves one replica;
 * several replicas need a shared (JDBC) one.
 */
public interface ApprovalMessageIndex {

    /** The approval request of {@code stepId} in run {@code runId} was posted as {@code message}. */
    void remember(MessageRef message, String runId, String stepId);

    /** The request a message carries, as an approve action (callers pick the decision). */
    Optional<ApprovalAction> find(MessageRef message);

    /** Run {@code runId}'s thread hangs off {@code parent} (its status message); a later parent replaces it. */
    void rememberThread(String runId, MessageRef parent);

    /** The message run {@code runId}'s thread hangs off, when it was mirrored into chat. */
    Optional<MessageRef> threadOf(String runId);
}
