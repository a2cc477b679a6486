package dev.opsbook.audit;

import dev.opsbook.audit.VerificationResult.Break;
import dev.opsbook.audit.VerificationResult.Problem;
import java.util.Optional;

/**
 * Recomputes the hash chain of any {@link AuditLog}, streaming, and stops at the first problem: a
 * missing or repeated sequence number, a {@code previous_hash} that is not the previous event's
 * hash, or an event whose content does not hash to its stored hash.
 *
 * <p>Limits: a writer with full database rights can rewrite every event from some point on into a
 * new consistent chain, or drop the newest events. Comparing the head against a hash recorded
 * elsewhere earlier ({@code expectedHead}) detects that for everything up to the recorded head.
 */
public final class AuditVerifier {
    private AuditVerifier() {}

    public static VerificationResult verify(AuditLog log) {
        return verify(log, Optional.empty());
    }

    /**
     * @param expectedHead a hash recorded earlier (for example the head printed by a previous verify);
     *     the result is not intact unless some event in the chain has it
     * @throws AuditReadException when the storage cannot be read at all
     */
    public static VerificationResult verify(AuditLog log, Optional<String> expectedHead) {
        Walk walk = new Walk(expectedHead);
        try {
            log.read(1, walk::check);
        } catch (Stop stop) {
            // first break found; the rest need not be read
        } catch (AuditReadException e) {
            if (e.sequence().isEmpty()) {
                throw e;
            }
            long at = e.sequence().getAsLong();
            walk.failure = at > walk.expected
                    ? new Break(walk.expected, Problem.MISSING_EVENT, missing(walk.expected, at))
                    : new Break(at, Problem.UNREADABLE, e.getMessage());
        }
        Optional<String> missingAnchor = expectedHead.filter(h -> !walk.anchorSeen && walk.failure == null);
        return new VerificationResult(walk.expected - 1, walk.head, Optional.ofNullable(walk.failure), missingAnchor);
    }

    private static String missing(long expected, long found) {
        return "event " + expected + " is missing (the next stored event is " + found + ")";
    }

    private static final class Walk {
        final Optional<String> anchor;
        long expected = 1;
        String head = HashChain.GENESIS;
        boolean anchorSeen;
        Break failure;

        Walk(Optional<String> anchor) {
            this.anchor = anchor;
        }

        void check(RecordedEvent e) {
            long seq = e.sequence();
            if (seq > expected) {
                fail(new Break(expected, Problem.MISSING_EVENT, missing(expected, seq)));
            } else if (seq < expected) {
                fail(new Break(seq, Problem.OUT_OF_ORDER,
                        "sequence " + seq + " is out of order (expected " + expected + ")"));
            } else if (!e.previousHash().equals(head)) {
                fail(new Break(seq, Problem.BROKEN_LINK, "previous_hash " + e.previousHash()
                        + " is not the hash of event " + (seq - 1) + " (" + head + ")"));
            } else {
                String recomputed = HashChain.hashOf(e);
                if (!recomputed.equals(e.hash())) {
                    fail(new Break(seq, Problem.HASH_MISMATCH, "stored hash " + e.hash()
                            + " does not match its content (recomputed " + recomputed + "): the event was altered"));
                }
            }
            head = e.hash();
            expected++;
            if (anchor.isPresent() && anchor.get().equals(head)) {
                anchorSeen = true;
            }
        }

        /** Records the first break and ends the read. */
        void fail(Break b) {
            failure = b;
            throw new Stop();
        }
    }

    /** Ends the read early once the first break is known. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }
}
