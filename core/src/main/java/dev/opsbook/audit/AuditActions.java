package dev.opsbook.audit;

/**
 * The action vocabulary of the audit log. Everything that reads history (the site, {@code opsbook
 * runs}, drills) keys on these names, so they are defined once here.
 */
public final class AuditActions {
    private AuditActions() {}

    public static final String RUN_REQUESTED = "run.requested";
    /** A run that was not allowed to start; details.reason says why (unauthorised, bad parameter, service busy…). */
    public static final String RUN_REFUSED = "run.refused";
    /** details.procedure, details.dry_run. */
    public static final String RUN_STARTED = "run.started";
    /** result is the final run state (succeeded, failed, timed_out, cancelled, rolled_back, expired, rejected). */
    public static final String RUN_FINISHED = "run.finished";
    public static final String RUN_INTERRUPTED = "run.interrupted";
    public static final String RUN_RESUMED = "run.resumed";
    public static final String RUN_CANCELLED = "run.cancel_requested";
    /** Written before the step's process starts; details.kind is the step kind. */
    public static final String STEP_STARTED = "step.started";
    /** result is the step state; details.kind, details.exit_code, details.attempt. */
    public static final String STEP_FINISHED = "step.finished";
    public static final String STEP_SKIPPED = "step.skipped";
    public static final String APPROVAL_REQUESTED = "approval.requested";
    /** result is approve or reject. */
    public static final String APPROVAL_VOTED = "approval.voted";
    /** A vote that did not count; details.reason (not an approver, self-approval, expired, duplicate…). */
    public static final String APPROVAL_REFUSED = "approval.refused";
    public static final String APPROVAL_EXPIRED = "approval.expired";
    public static final String APPROVAL_ESCALATED = "approval.escalated";
    /** details.time_to_restore_ms, details.rto_ms, details.met_rto. */
    public static final String DRILL_FINISHED = "drill.finished";
}
