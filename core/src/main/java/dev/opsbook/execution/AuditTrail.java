package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.execution.ExecutionEvent.ApprovalEscalated;
import dev.opsbook.execution.ExecutionEvent.ApprovalExpired;
import dev.opsbook.execution.ExecutionEvent.ApprovalRequested;
import dev.opsbook.execution.ExecutionEvent.RunFinished;
import dev.opsbook.execution.ExecutionEvent.RunStarted;
import dev.opsbook.execution.ExecutionEvent.StepSkipped;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a run's events into audit events. Unlike other listeners it may stop a run: an
 * {@link dev.opsbook.audit.AuditWriteException} propagates. Step started/finished are written by the
 * write-ahead interceptor, around the process; parameters are always the redacted view.
 */
final class AuditTrail {
    private final AuditLog log;
    private final Actor actor;

    AuditTrail(AuditLog log, Actor actor) {
        this.log = log;
        this.actor = actor;
    }

    RecordedEvent record(Run run, String action, Optional<String> stepId, String result, Optional<Duration> duration,
                         Map<String, String> details) {
        return log.append(new AuditEvent(actor, action, Optional.of(run.id().value()), stepId,
                Optional.of(run.runbook()), run.parameters(), result, duration, Optional.empty(), details));
    }

    /** An event carrying {@code parameters} instead of the run's (the new values of a rebind). */
    RecordedEvent record(Run run, Map<String, String> parameters, String action, String result, Map<String, String> details) {
        return log.append(new AuditEvent(actor, action, Optional.of(run.id().value()), Optional.empty(),
                Optional.of(run.runbook()), parameters, result, Optional.empty(), Optional.empty(), details));
    }

    void on(ExecutionEvent event) {
        switch (event) {
            case RunStarted e -> record(e.run(), e.resumed() ? AuditActions.RUN_RESUMED : AuditActions.RUN_STARTED,
                    Optional.empty(), e.run().state().label(), Optional.empty(), target(e.run()));
            case RunFinished e -> {
                Map<String, String> d = target(e.run());
                d.put("message", e.run().message());
                // a run cut short by its process stopping is resumable: audited like one a dead process left
                record(e.run(), e.run().state() == RunState.INTERRUPTED ? AuditActions.RUN_INTERRUPTED : AuditActions.RUN_FINISHED,
                        Optional.empty(), e.run().state().label(),
                        Optional.of(Duration.between(e.run().createdAt(), e.run().finishedAt().orElse(e.run().createdAt()))), d);
            }
            case ApprovalRequested e -> record(e.run(), AuditActions.APPROVAL_REQUESTED, Optional.of(e.step().id()),
                    "waiting", Optional.empty(), Map.of("required", String.valueOf(e.request().required()),
                            "approvers", String.join(",", e.request().approvers()),
                            "expires_at", e.request().expiresAt().toString(),
                            "approves", e.request().binding()));
            case ApprovalEscalated e -> record(e.run(), AuditActions.APPROVAL_ESCALATED, Optional.of(e.step().id()),
                    "notified", Optional.empty(), Map.of("notified", e.level().who().id(),
                            "after", dev.opsbook.runbook.Durations.format(e.level().after())));
            case ApprovalExpired e -> record(e.run(), AuditActions.APPROVAL_EXPIRED, Optional.of(e.step().id()),
                    "expired", Optional.empty(), Map.of("expired_at", e.request().expiresAt().toString()));
            case StepSkipped e -> record(e.run(), AuditActions.STEP_SKIPPED, Optional.of(e.step().id()), "skipped",
                    Optional.empty(), Map.of("reason", e.reason()));
            default -> { }
        }
    }

    static Map<String, String> target(Run run) {
        Map<String, String> d = new LinkedHashMap<>();
        run.target().procedure().ifPresent(p -> d.put("procedure", p));
        run.target().step().ifPresent(s -> d.put("step", s));
        run.target().rollback().ifPresent(r -> d.put("rollback_of", r.runId()));
        d.put("service", run.service());
        d.put("dry_run", "false");
        return d;
    }
}
