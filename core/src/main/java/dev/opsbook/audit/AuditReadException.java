package dev.opsbook.audit;

import java.util.OptionalLong;

/**
 * Stored events could not be read. With a {@link #sequence()}, that stored event is malformed
 * (a verifier reports it as a break in the chain); without, the storage itself failed.
 */
public class AuditReadException extends RuntimeException {
    private final OptionalLong sequence;

    public AuditReadException(String message, Throwable cause) {
        super(message, cause);
        this.sequence = OptionalLong.empty();
    }

    public AuditReadException(long sequence, String message, Throwable cause) {
        super(message, cause);
        this.sequence = OptionalLong.of(sequence);
    }

    /** The sequence number of the malformed event, if one event is the problem. */
    public OptionalLong sequence() {
        return sequence;
    }
}
