package dev.opsbook.audit;

import java.util.Optional;
import java.util.Set;

/**
 * How an opsbook process signs the audit chain: with {@code key} (when configured) every append signs the
 * new chain head, and after each event whose action is in {@link #SENSITIVE} (and on the server's
 * schedule) a signed checkpoint is appended to {@code checkpoints}, the log outside the database.
 */
public record AuditSigning(Optional<AuditKey> key, Optional<CheckpointLog> checkpoints) {
    public static final AuditSigning NONE = new AuditSigning(Optional.empty(), Optional.empty());

    /** Events after which the head is checkpointed at once: decisions, changes of what runs, and ends of runs. */
    public static final Set<String> SENSITIVE = Set.of(AuditActions.RUN_FINISHED, AuditActions.RUN_REFUSED,
            AuditActions.RUN_PARAMETERS_CHANGED, AuditActions.RUN_INTERRUPTED, AuditActions.APPROVAL_VOTED,
            AuditActions.APPROVAL_REFUSED, AuditActions.APPROVAL_EXPIRED, AuditActions.FAILOVER_APPROVED,
            AuditActions.DRILL_FINISHED);

    public boolean checkpoints(String action) {
        return key.filter(AuditKey::canSign).isPresent() && checkpoints.isPresent() && SENSITIVE.contains(action);
    }
}
