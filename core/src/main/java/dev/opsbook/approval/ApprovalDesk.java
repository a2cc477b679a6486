package dev.opsbook.approval;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes votes from any process: applies the {@link ApprovalPolicy} atomically in the
 * {@link ApprovalStore} and audits each vote ({@code approval.voted}) and each refused attempt
 * ({@code approval.refused} with the reason). The waiting run sees the decision in the store.
 */
public final class ApprovalDesk {
    private final ApprovalStore store;
    private final ApprovalPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    public ApprovalDesk(ApprovalStore store, ApprovalPolicy policy, AuditLog audit, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    public ApprovalPolicy.Outcome cast(CastVote cmd) {
        return cast(cmd, Optional.empty(), Map.of());
    }

    /**
     * Casts a vote that came through a chat thread: {@code threadRef} is kept as the audit events'
     * thread reference and {@code origin} (e.g. {@code source=button}) joins their details.
     *
     * @throws IllegalStateException when the run waits for no approval (audited as refused)
     */
    public ApprovalPolicy.Outcome cast(CastVote cmd, Optional<String> threadRef, Map<String, String> origin) {
        Optional<ApprovalRequest> open = store.findOpen(cmd.runId());
        if (open.isEmpty()) {
            String why = "run " + cmd.runId() + " is not waiting for an approval";
            Map<String, String> details = new LinkedHashMap<>(origin);
            details.put("reason", why);
            record(cmd, Optional.empty(), AuditActions.APPROVAL_REFUSED, "refused", details, threadRef, Map.of());
            throw new IllegalStateException(why);
        }
        ApprovalVote vote = new ApprovalVote(cmd.voter(), cmd.decision(), cmd.reason(), clock.instant());
        AtomicReference<ApprovalPolicy.Outcome> outcome = new AtomicReference<>();
        store.update(cmd.runId(), open.get().stepId(), current -> {
            ApprovalPolicy.Outcome o = policy.vote(current, vote, clock.instant());
            outcome.set(o);
            return o.request();
        });
        ApprovalPolicy.Outcome o = outcome.get();
        Map<String, String> details = new LinkedHashMap<>(origin);
        details.put("decision", cmd.decision().label());
        if (!cmd.reason().isBlank()) {
            details.put("comment", cmd.reason());
        }
        details.put("approves", o.request().binding());
        if (o.counted()) {
            details.put("status", o.request().status().label());
            details.put("approvals", o.request().approvals() + "/" + o.request().required());
            record(cmd, Optional.of(open.get().stepId()), AuditActions.APPROVAL_VOTED, cmd.decision().label(), details, threadRef,
                    o.request().parameters());
        } else {
            details.put("reason", o.refusal().orElseThrow());
            record(cmd, Optional.of(open.get().stepId()), AuditActions.APPROVAL_REFUSED, "refused", details, threadRef,
                    o.request().parameters());
        }
        return o;
    }

    private void record(CastVote cmd, Optional<String> stepId, String action, String result, Map<String, String> details,
                        Optional<String> threadRef, Map<String, String> parameters) {
        audit.append(new AuditEvent(cmd.voter(), action, Optional.of(cmd.runId()), stepId, cmd.runbook(), parameters,
                result, Optional.empty(), threadRef, details));
    }
}
