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
    /** A resume given other parameter values; details {@code changed.NAME} = "old → new" (secrets as digests). */
    public static final String RUN_PARAMETERS_CHANGED = "run.parameters_changed";
    public static final String RUN_CANCELLED = "run.cancel_requested";
    /** Written before the step's process starts; details.kind is the step kind. */
    public static final String STEP_STARTED = "step.started";
    /** result is the step state; details.kind, details.exit_code, details.attempt. */
    public static final String STEP_FINISHED = "step.finished";
    public static final String STEP_SKIPPED = "step.skipped";
    /** A step's {@code confirm=} text was typed in chat by someone allowed to. */
    public static final String STEP_CONFIRMED = "step.confirmed";
    /** A chat confirmation that did not count (wrong text, not allowed, run not waiting). */
    public static final String STEP_CONFIRMATION_REFUSED = "step.confirmation_refused";
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
    /**
     * Artifact metadata a step wrote that could not be recorded (details.file, details.reason, details.location when
     * it named one), or a catalogued file that retention refused to delete because it is not confined to its backup
     * location (the artifact's details, details.reason).
     */
    public static final String BACKUP_REJECTED = "backup.rejected";
    /** An entry retired because its file was rewritten and recorded again; details.replaced_by, details.reason. */
    public static final String BACKUP_REPLACED = "backup.replaced";
    /** Written before a pruned artifact's file is deleted; details.policy (details.file_kept when another entry has the file). */
    public static final String BACKUP_PRUNED = "backup.pruned";
    /** The file of a pruned artifact could not be deleted; details.reason. */
    public static final String BACKUP_PRUNE_FAILED = "backup.prune_failed";
    /** result is missing or mismatch; details.actual_sha256 for a mismatch. */
    public static final String BACKUP_INTEGRITY_FAILED = "backup.integrity_failed";
    public static final String BACKUP_LOCKED = "backup.locked";
    public static final String BACKUP_UNLOCKED = "backup.unlocked";
    /** The integrity job ran; details.checked, details.problems. */
    public static final String BACKUP_INTEGRITY_CHECKED = "backup.integrity_checked";

    /** A scheduled trigger fired and started (or was refused) a run; details.schedule, details.cron, details.run_id. */
    public static final String SCHEDULE_FIRED = "schedule.fired";
    /** A trigger's fire time passed while no opsbook process was up; details.scheduled_for, details.policy, result fired_late or skipped. */
    public static final String SCHEDULE_MISFIRED = "schedule.misfired";
    /** Schedules were reconciled with the runbooks; details.added, details.removed, details.changed, details.commit. */
    public static final String SCHEDULE_RECONCILED = "schedule.reconciled";

    /** A drill began; details.sandbox, details.backup (the artifact restored). */
    public static final String DRILL_STARTED = "drill.started";
    /** A drill that could not begin (no drill block, a parameter that would leave the sandbox); details.reason. */
    public static final String DRILL_REFUSED = "drill.refused";
    /** A lesson learned attached to a run; details.text. */
    public static final String DRILL_LESSON = "drill.lesson";

    /** The controller's criteria held; details.evidence (probe history), details.policy. */
    public static final String FAILOVER_PROPOSED = "failover.proposed";
    public static final String FAILOVER_APPROVED = "failover.approved";
    public static final String FAILOVER_EXECUTED = "failover.executed";
    /** A failover the controller would not propose or run; details.reason (cooldown, hourly cap, flapping…). */
    public static final String FAILOVER_REFUSED = "failover.refused";
    /** One traffic stage of a staged failover; details.weight, details.check. */
    public static final String FAILOVER_STAGE = "failover.stage";
    /**
     * A failed traffic stage was rolled back (once); run id and details.rolled_back_by: the run that did it (the stage run
     * itself when its step failed and its rollback ran in it, else a rollback run); details.weight, step, how, stage_run.
     */
    public static final String FAILOVER_ROLLED_BACK = "failover.rolled_back";
    /** The controller is armed again after the service was clearly healthy over the recovery window. */
    public static final String FAILOVER_REARMED = "failover.rearmed";
    /**
     * A runbook reload changed which services this replica's failover controllers watch; details.started, stopped,
     * restarted (unarmed), kept, not_watched, commit.
     */
    public static final String FAILOVER_RELOADED = "failover.reloaded";

    /**
     * An alert notification arrived (one event per alert); result firing or resolved; details.incident, alert,
     * fingerprint, group_key, severity, source, starts_at, runbook (the matched id, or none).
     */
    public static final String ALERT_RECEIVED = "alert.received";
    /** An incident's alert mapped to a runbook (runbook ref set); result is the rule; details.incident, alert. */
    public static final String ALERT_MATCHED = "alert.matched";
    /**
     * The incident's automatic diagnosis; result started, pending or refused; run_id the diagnosis run;
     * details.incident, procedure, reason.
     */
    public static final String ALERT_DIAGNOSIS = "alert.diagnosis";
    /** Someone acknowledged an incident from its card; details.incident. */
    public static final String ALERT_ACKNOWLEDGED = "alert.acknowledged";
    /** A run started from an incident's card ("Run diagnosis"); run_id the run; details.incident. */
    public static final String ALERT_RUN_LINKED = "alert.run_linked";
    /** Every alert of an incident resolved; duration_ms from the first start; details.incident, started_at, ended_at. */
    public static final String ALERT_RESOLVED = "alert.resolved";

    /** Web sign-in; result ok or failed; details.method (password, oidc). Never carries the password. */
    public static final String AUTH_SIGN_IN = "auth.sign_in";
    /** A web sign-in user was added (first-start admin, {@code opsbook users add}); details.user, details.groups. */
    public static final String AUTH_USER_ADDED = "auth.user_added";
    /** A person was added to the people directory (dashboard People page); details.person, slack, discord, web, groups. */
    public static final String PEOPLE_PERSON_ADDED = "people.person_added";
    /** A person's chat accounts or web login changed; details.person, slack, discord, web (the new values). */
    public static final String PEOPLE_PERSON_CHANGED = "people.person_changed";
    /** A person and their database memberships were removed; details.person. */
    public static final String PEOPLE_PERSON_REMOVED = "people.person_removed";
    /** Someone was added to a group; details.person, details.group. */
    public static final String PEOPLE_MEMBER_ADDED = "people.member_added";
    /** Someone was removed from a group; details.person, details.group. */
    public static final String PEOPLE_MEMBER_REMOVED = "people.member_removed";
    /** Runbooks were re-read after a file change or git pull; details.commit, details.changed. */
    public static final String RUNBOOKS_RELOADED = "runbooks.reloaded";
}
