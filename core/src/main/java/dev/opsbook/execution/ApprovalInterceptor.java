package dev.opsbook.execution;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.approval.ApprovalStatus;
import dev.opsbook.approval.Escalation;
import dev.opsbook.runbook.EscalationLevel;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Holds a step until its approvals are in: opens an {@link ApprovalRequest} (policy snapshot from
 * the runbook), moves step and run to awaiting approval, then polls the approval store — votes come
 * from other processes — until approved, rejected or expired. While waiting, due escalation levels
 * are notified. A step needing a fresh approval (resumed after an interruption, not idempotent)
 * needs at least one approval even if it declares none. A run the failover controller started with a
 * {@link StandingApproval} passes without votes, audited as {@code failover.approved}.
 */
final class ApprovalInterceptor implements StepInterceptor {
    @Override
    public StepResult intercept(Chain chain) {
        StepCall call = chain.call();
        RunContext ctx = call.context();
        Step step = call.step();
        int required = ctx.freshApproval().contains(step.id()) ? Math.max(1, step.approvals()) : step.approvals();
        if (required == 0) {
            return chain.proceed(call);
        }
        if (ctx.standingApproval().isPresent() && !ctx.freshApproval().contains(step.id())) {
            StandingApproval standing = ctx.standingApproval().get();
            ctx.audit().record(ctx.run(), dev.opsbook.audit.AuditActions.FAILOVER_APPROVED, Optional.of(step.id()), "approved",
                    Optional.empty(), java.util.Map.of("granted_by", standing.grantedBy(), "reason", standing.reason(),
                            "required", String.valueOf(required)));
            return chain.proceed(call);
        }
        Instant now = ctx.now();
        ApprovalRequest request = new ApprovalRequest(ctx.run().id().value(), step.id(), ctx.run().requester().userId(),
                required, ctx.runbook().approvers().stream().map(Person::id).toList(),
                ctx.runbook().approval().allowSelfApproval(), now, now.plus(ctx.runbook().approval().expiry()),
                ApprovalStatus.OPEN, List.of(), 0, ctx.run().parameters(), ctx.runbook().sha256());
        ctx.ports().approvals().open(request);
        ctx.run().step(step.id()).moveTo(StepState.AWAITING_APPROVAL, now);
        ctx.run().moveTo(RunState.AWAITING_APPROVAL, now, "step " + step.id() + " needs " + required + " approval(s)");
        ctx.save();
        ctx.publish().accept(new ExecutionEvent.ApprovalRequested(ctx.run(), step, request));
        ApprovalRequest decided = await(ctx, step);
        Instant at = ctx.now();
        switch (decided.status()) {
            case APPROVED -> {
                ctx.run().step(step.id()).moveTo(StepState.RUNNING, at);
                ctx.run().moveTo(RunState.RUNNING, at, "");
                ctx.save();
                return chain.proceed(call);
            }
            case REJECTED -> {
                String by = decided.votes().isEmpty() ? "" : " by " + decided.votes().getLast().voter().userId()
                        + (decided.votes().getLast().reason().isBlank() ? "" : ": " + decided.votes().getLast().reason());
                return new StepResult(StepState.REJECTED, Optional.empty(), Duration.ZERO, List.of(), "rejected" + by);
            }
            case EXPIRED -> {
                ctx.publish().accept(new ExecutionEvent.ApprovalExpired(ctx.run(), step, decided));
                return new StepResult(StepState.EXPIRED, Optional.empty(), Duration.ZERO, List.of(),
                        "approval expired after " + dev.opsbook.runbook.Durations.format(ctx.runbook().approval().expiry())
                                + " with " + decided.approvals() + "/" + decided.required() + " approvals");
            }
            default -> {
                ctx.ports().approvals().update(ctx.run().id().value(), step.id(),
                        r -> r.status() == ApprovalStatus.OPEN ? r.withStatus(ApprovalStatus.EXPIRED) : r);
                return new StepResult(StepState.CANCELLED, Optional.empty(), Duration.ZERO, List.of(),
                        "cancelled while waiting for approval");
            }
        }
    }

    private static ApprovalRequest await(RunContext ctx, Step step) {
        String runId = ctx.run().id().value();
        while (true) {
            Instant now = ctx.now();
            ApprovalRequest current = ctx.ports().approvals().update(runId, step.id(), r ->
                    r.status() == ApprovalStatus.OPEN && !now.isBefore(r.expiresAt()) ? r.withStatus(ApprovalStatus.EXPIRED) : r);
            if (current.status() != ApprovalStatus.OPEN) {
                return current;
            }
            List<EscalationLevel> due = Escalation.due(current, ctx.runbook().escalation(), now);
            if (!due.isEmpty()) {
                ApprovalRequest escalated = ctx.ports().approvals().update(runId, step.id(),
                        r -> r.withEscalations(current.escalations() + due.size()));
                for (EscalationLevel level : due) {
                    ctx.ports().notifier().notify(level.who(), "run " + runId + " of " + ctx.runbook().id()
                            + " has waited since " + current.requestedAt() + " for approval of step " + step.id()
                            + " (" + current.approvals() + "/" + current.required() + "); approvers: "
                            + String.join(", ", current.approvers()));
                    ctx.publish().accept(new ExecutionEvent.ApprovalEscalated(ctx.run(), step, escalated, level));
                }
            }
            try {
                ctx.ports().sleeper().sleep(ctx.settings().approvalPoll());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return current.withStatus(ApprovalStatus.OPEN);
            }
        }
    }
}
