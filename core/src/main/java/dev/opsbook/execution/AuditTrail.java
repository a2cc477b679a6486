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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a run's events into audit events and writes the run's state. Unlike other listeners it may stop a
 * run: an {@link dev.opsbook.audit.AuditWriteException} propagates. Step started/finished are written by the
 * write-ahead interceptor, around the process; parameters are always the redacted view.
 *
 * <p>An outcome ({@code step.finished} of a step that printed nothing) is <em>held</em> and written in the
 * same transaction as the run's next record: the next step's {@code step.started} (with the run's state, {@link #recordWithState}), an
 * approval request, the run's end, or any state save. Write-ahead is kept: nothing starts before its record
 * is durable, and a step's outcome is durable before anything after it starts. A crash in the instant
 * between a step's end and that next write leaves the step recorded as started only, so recovery treats it
 * as interrupted (resume asks again before re-running a step that is not idempotent). This saves one
 * durable commit a step (bench/execution-README.md).
 */
final class AuditTrail {
    private final AuditLog log;
    private final RunStore runs;
    private final Actor actor;
    private final List<AuditEvent> held = new ArrayList<>();
    private Optional<String> heldStep = Optional.empty();
    private Optional<Run> unsaved = Optional.empty();

    AuditTrail(AuditLog log, RunStore runs, Actor actor) {
        this.log = log;
        this.runs = runs;
        this.actor = actor;
    }

    synchronized RecordedEvent record(Run run, String action, Optional<String> stepId, String result, Optional<Duration> duration,
                         Map<String, String> details) {
        return write(event(run, run.parameters(), action, stepId, result, duration, details), Optional.empty());
    }

    /** Records the event and stores {@code run}'s state in the same transaction (with any held outcome before it). */
    synchronized RecordedEvent recordWithState(Run run, String action, Optional<String> stepId, String result, Map<String, String> details) {
        return write(event(run, run.parameters(), action, stepId, result, Optional.empty(), details), Optional.of(run));
    }

    /** Keeps the event for the run's next write (see the class comment); listeners may hear of it before it is durable. */
    synchronized void hold(Run run, String action, String stepId, String result, Duration duration, Map<String, String> details) {
        held.add(event(run, run.parameters(), action, Optional.of(stepId), result, Optional.of(duration), details));
        heldStep = Optional.of(stepId);
    }

    /** The step whose outcome is held, not yet durable (for saying where a run stopped when the database went away). */
    synchronized Optional<String> unrecordedOutcome() {
        return heldStep;
    }

    /** Stores the run's state with the run's next write (a step's result: the next step's start carries it). */
    synchronized void saveLater(Run run) {
        unsaved = Optional.of(run);
    }

    /** Stores the run's state, with any held outcome in the same transaction. */
    synchronized void save(Run run) {
        if (held.isEmpty()) {
            runs.save(run);
            unsaved = Optional.empty();
        } else {
            flush(Optional.of(run), List.of());
        }
    }

    /** An event carrying {@code parameters} instead of the run's (the new values of a rebind). */
    synchronized RecordedEvent record(Run run, Map<String, String> parameters, String action, String result, Map<String, String> details) {
        return write(event(run, parameters, action, Optional.empty(), result, Optional.empty(), details), Optional.empty());
    }

    private AuditEvent event(Run run, Map<String, String> parameters, String action, Optional<String> stepId, String result,
                             Optional<Duration> duration, Map<String, String> details) {
        return new AuditEvent(actor, action, Optional.of(run.id().value()), stepId, Optional.of(run.runbook()), parameters,
                result, duration, Optional.empty(), details);
    }

    private RecordedEvent write(AuditEvent event, Optional<Run> given) {
        Optional<Run> state = given.or(() -> unsaved);
        if (held.isEmpty() && state.isEmpty()) {
            return log.append(event);
        }
        List<RecordedEvent> recorded = flush(state, List.of(event));
        return recorded.getLast();
    }

    /** Held events first, then {@code events}; on failure the held ones stay held for the next write. */
    private List<RecordedEvent> flush(Optional<Run> state, List<AuditEvent> events) {
        List<AuditEvent> all = new ArrayList<>(held);
        all.addAll(events);
        List<RecordedEvent> recorded = state.isPresent() ? runs.saveWith(state.get(), log, all) : log.appendAll(all);
        held.clear();
        heldStep = Optional.empty();
        if (state.isPresent()) {
            unsaved = Optional.empty();
        }
        return recorded;
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
