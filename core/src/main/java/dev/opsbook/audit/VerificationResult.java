package dev.opsbook.audit;

import java.util.Optional;

/**
 * What {@link AuditVerifier} found. {@code verifiedEvents} counts the events that were checked and
 * sound (those before the first break); {@code headHash} is the hash of the last of them
 * ({@link HashChain#GENESIS} for an empty log).
 *
 * @param firstBreak the first problem in sequence order, if any
 * @param missingAnchor the expected head hash, when it was given and no verified event has it
 */
public record VerificationResult(long verifiedEvents, String headHash, Optional<Break> firstBreak,
                                 Optional<String> missingAnchor) {

    /** The chain is sound and contains the expected head, if one was given. */
    public boolean intact() {
        return firstBreak.isEmpty() && missingAnchor.isEmpty();
    }

    /** The first bad place in the chain: its sequence number, the kind of problem and a readable detail. */
    public record Break(long sequence, Problem problem, String detail) {}

    public enum Problem {
        /** The event's content no longer produces its stored hash: it was changed. */
        HASH_MISMATCH,
        /** The event's previous_hash is not the hash of the event before it. */
        BROKEN_LINK,
        /** A sequence number is missing: an event was deleted. */
        MISSING_EVENT,
        /** A sequence number repeats or goes backwards. */
        OUT_OF_ORDER,
        /** The stored event is malformed and cannot be read as an event. */
        UNREADABLE
    }
}
