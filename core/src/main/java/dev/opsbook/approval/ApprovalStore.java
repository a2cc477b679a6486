package dev.opsbook.approval;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Where approval requests and their votes live, shared by the process that waits and the processes
 * that vote. {@link #update} is atomic per request: concurrent votes see each other. A store whose database
 * stopped answering throws {@link dev.opsbook.audit.AuditUnavailableException} (it is the audit log's), which
 * stops a waiting run as a failed audit write does: interrupted, resumable.
 */
public interface ApprovalStore {

    /** Opens (or re-opens, for a fresh approval on resume) the request of a run's step, replacing any earlier one. */
    void open(ApprovalRequest request);

    Optional<ApprovalRequest> find(String runId, String stepId);

    /** The run's request with status open, if any. */
    Optional<ApprovalRequest> findOpen(String runId);

    /** Applies {@code change} to the stored request under a lock and stores the result; returns it. */
    ApprovalRequest update(String runId, String stepId, UnaryOperator<ApprovalRequest> change);
}
