package dev.opsbook.chatops;

import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunUpdate;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Mirrors one run into its chat thread: translates the engine's {@link ExecutionEvent}s 1:1 into
 * {@link RunUpdate}s for the {@link RunThreadMirror}. The run is followed in {@code thread}'s channel
 * from its start; {@code started} and {@code finished} are told about the run on the run's thread.
 */
public final class RunThreadListener implements ExecutionListener {
    private final RunThreadMirror mirror;
    private final ChatThread thread;
    private final Runbook runbook;
    private final Consumer<Run> started;
    private final Consumer<Run> finished;
    private final EscalationNotices escalations;

    /** Escalation contacts are named by their opsbook id (drills, failovers). */
    public RunThreadListener(RunThreadMirror mirror, ChatThread thread, Runbook runbook, Consumer<Run> started,
                             Consumer<Run> finished) {
        this(mirror, thread, runbook, started, finished, EscalationNotices.NAMES_ONLY);
    }

    RunThreadListener(RunThreadMirror mirror, ChatThread thread, Runbook runbook, Consumer<Run> started,
                      Consumer<Run> finished, EscalationNotices escalations) {
        this.escalations = escalations;
        this.mirror = mirror;
        this.thread = thread;
        this.runbook = runbook;
        this.started = started;
        this.finished = finished;
    }

    @Override
    public void on(ExecutionEvent event) {
        String id = event.run().id().value();
        if (event instanceof ExecutionEvent.RunStarted) {
            if (thread.threadId().isPresent()) {
                mirror.followInThread(id, thread);
            } else {
                mirror.follow(id, thread);
            }
            started.accept(event.run());
        }
        mirror.publish(id, update(event));
        if (event instanceof ExecutionEvent.RunFinished) {
            finished.accept(event.run());
        }
    }

    private RunUpdate update(ExecutionEvent event) {
        return switch (event) {
            case ExecutionEvent.RunStarted e -> new RunUpdate.RunStarted(runbook.id(), runbook.title(),
                    e.run().target().procedure().or(() -> e.run().target().step().map(s -> "step " + s)), false,
                    plan(e.run()), e.run().requester().displayName());
            case ExecutionEvent.StepStarted e -> new RunUpdate.StepStarted(e.step().id(), e.attempt());
            case ExecutionEvent.StepOutput e -> new RunUpdate.StepOutput(e.step().id(), List.of(e.line().text()));
            case ExecutionEvent.StepRetrying e -> new RunUpdate.StepRetrying(e.step().id(), e.nextAttempt(), e.backoff(),
                    e.failed().message());
            case ExecutionEvent.StepFinished e -> new RunUpdate.StepFinished(e.step().id(),
                    ChatStatus.fromName(e.result().state().name()), e.result().duration(), e.result().exitCode(),
                    e.result().tail());
            case ExecutionEvent.StepSkipped e -> new RunUpdate.StepSkipped(e.step().id(), e.reason());
            case ExecutionEvent.ApprovalRequested e -> new RunUpdate.ApprovalRequested(e.step().id(),
                    e.request().required(), e.request().approvers(), Optional.of(e.request().expiresAt()),
                    e.request().binding());
            case ExecutionEvent.ApprovalEscalated e -> new RunUpdate.ApprovalEscalated(e.step().id(),
                    escalations.escalated(mirror.threadOf(e.run().id().value()).orElse(thread), e.run().id().value(),
                            e.step().id(), runbook.id(), e.level().who()));
            case ExecutionEvent.ApprovalExpired e -> new RunUpdate.ApprovalExpired(e.step().id());
            case ExecutionEvent.RunFinished e -> new RunUpdate.RunFinished(ChatStatus.fromName(e.run().state().name()),
                    Duration.between(e.run().createdAt(), e.run().finishedAt().orElse(e.run().createdAt())),
                    Optional.of(e.run().message()).filter(m -> !m.isBlank()));
        };
    }

    private List<RunUpdate.PlannedStep> plan(Run run) {
        return run.steps().stream().map(exec -> {
            Optional<Step> step = runbook.step(exec.stepId());
            return new RunUpdate.PlannedStep(exec.stepId(), step.map(s -> s.kind().label()).orElse(""),
                    step.map(Step::section).orElse(""), step.map(Step::approvals).orElse(0));
        }).toList();
    }
}
