package dev.opsbook.audit;

/** The audit log could not durably record an event. Whatever the event announced must not happen. */
public class AuditWriteException extends RuntimeException {
    public AuditWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
