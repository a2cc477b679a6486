package dev.opsbook.audit;

/**
 * The audit log's database stopped answering (connection refused, broken or timed out), as opposed to
 * refusing one event. Its message names the database and nothing else ("audit log unavailable
 * (PostgreSQL at HOST:PORT stopped answering)"); the driver's details are in the cause.
 */
public class AuditUnavailableException extends AuditWriteException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
