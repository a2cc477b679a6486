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
    /** A backup artifact entered the catalog; details.artifact, location, sha256, size_bytes, service. */
    public static final String BACKUP_RECORDED = "backup.recorded";
    /** Artifact metadata a step wrote that could not be recorded; details.file, details.reason. */
    public static final String BACKUP_REJECTED = "backup.rejected";
    /** Written before a pruned artifact's file is deleted; details.policy. */
    public static final String BACKUP_PRUNED = "backup.pruned";
    /** The file of a pruned artifact could not be deleted; details.reason. */
    public static final String BACKUP_PRUNE_FAILED = "backup.prune_failed";
    /** result is missing or mismatch; details.actual_sha256 for a mismatch. */
    public static final String BACKUP_INTEGRITY_FAILED = "backup.integrity_failed";
    public static final String BACKUP_LOCKED = "backup.locked";
    public static final String BACKUP_UNLOCKED = "backup.unlocked";
}
