package dev.opsbook.testing;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.approval.ApprovalStatus;
import dev.opsbook.approval.ApprovalStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Approval requests in memory; {@link #update} is atomic (synchronized). */
public final class FakeApprovalStore implements ApprovalStore {
    private final Map<String, ApprovalRequest> requests = new LinkedHashMap<>();

    private static String key(String runId, String stepId) {
        return runId + "/" + stepId;
    }

    @Override
    public synchronized void open(ApprovalRequest request) {
        requests.put(key(request.runId(), request.stepId()), request);
    }

    @Override
    public synchronized Optional<ApprovalRequest> find(String runId, String stepId) {
        return Optional.ofNullable(requests.get(key(runId, stepId)));
    }

    @Override
    public synchronized Optional<ApprovalRequest> findOpen(String runId) {
        return requests.values().stream().filter(r -> r.runId().equals(runId) && r.status() == ApprovalStatus.OPEN).findFirst();
    }

    @Override
    public synchronized ApprovalRequest update(String runId, String stepId, UnaryOperator<ApprovalRequest> change) {
        ApprovalRequest current = requests.get(key(runId, stepId));
        if (current == null) {
            throw new IllegalStateException("no approval request for " + key(runId, stepId));
        }
        ApprovalRequest updated = change.apply(current);
        requests.put(key(runId, stepId), updated);
        return updated;
    }
}
