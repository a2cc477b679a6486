package dev.opsbook.execution;

import dev.opsbook.audit.AuditUnavailableException;

/**
 * A run stopped because the audit log's database stopped answering. Nothing more was run or recorded:
 * the stored run still reads as active, and the next opsbook process that reaches the database marks it
 * interrupted, ready to resume. The message says which database and where the run stopped
 * ({@code audit log unavailable (PostgreSQL at H:P stopped answering): run R stopped before step S}).
 */
public final class RunStoppedException extends RuntimeException {
    private final RunId run;

    RunStoppedException(RunId run, String where, AuditUnavailableException cause) {
        super(cause.getMessage() + ": run " + run + " stopped " + where, cause);
        this.run = run;
    }

    public RunId run() {
        return run;
    }
}
