package dev.opsbook.watchdog;

import dev.opsbook.approval.ApprovalVote;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chatops.RunThreadListener;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StandingApproval;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepState;
import dev.opsbook.failover.Decision;
import dev.opsbook.failover.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the failover procedure for a proposal as the failover controller, on a run thread,
 * mirrored into the first alert channel, so the ordinary approval flow (buttons, reactions,
 * {@code /runbook approve}) gates it; with {@code automatic: true} it carries a
 * {@link StandingApproval}. When the approval step starts, the approval is recorded against the
 * incident; when the run ends, the proposal is resolved (and, for a staged shift, the stages run).
 */
final class FailoverRuns {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverRuns.class);

    private final Engine engine;
    private final RunThreadMirror mirror;
    private final Executor runThreads;
    private final Announcements announcements;
    private final FailoverAudit audit;
    private final StagedShift stages;

    FailoverRuns(Engine engine, RunThreadMirror mirror, Executor runThreads, Announcements announcements, FailoverAudit audit,
                 StagedShift stages) {
        this.engine = engine;
        this.mirror = mirror;
        this.runThreads = runThreads;
        this.announcements = announcements;
        this.audit = audit;
        this.stages = stages;
    }

    void start(ServiceWatch watch, Decision.Proposed proposal) {
        try {
            runThreads.execute(() -> run(watch, proposal));
        } catch (RejectedExecutionException e) {
            resolve(watch, Outcome.ABANDONED, Optional.empty(), "opsbook is shutting down or has too many runs");
        }
    }

    /** A run of {@code target} as the controller, mirrored to chat; blocks until it ends. */
    Run execute(ServiceWatch watch, RunTarget target, Map<String, String> parameters, Optional<StandingApproval> standing,
                List<ExecutionListener> more) {
        List<ExecutionListener> listeners = new ArrayList<>(more);
        announcements.channels().stream().findFirst().ifPresent(channel -> listeners.add(new RunThreadListener(mirror,
                ChatThread.channel(channel.platform(), channel.channel()), watch.runbook(), run -> { }, run -> { })));
        RunExecutor executor = engine.executor(listeners, Confirmation.NOBODY);
        return executor.start(new StartRun(watch.runbook(), watch.commit(), target, parameters, StandingApproval.CONTROLLER, Optional.empty(), standing));
    }

    private void run(ServiceWatch watch, Decision.Proposed proposal) {
        Optional<StandingApproval> standing = proposal.automatic()
                ? Optional.of(new StandingApproval("runbook policy", "failover.automatic: true in " + watch.runbook().id()))
                : Optional.empty();
        try {
            Run run = execute(watch, RunTarget.procedure(watch.policy().procedure()), Map.of(), standing,
                    List.of(event -> onApproval(watch, event, proposal.automatic())));
            String id = run.id().value();
            if (run.state() == RunState.SUCCEEDED && watch.policy().stages().isPresent()) {
                StandingApproval carried = standing.orElseGet(() -> new StandingApproval(approvers(run), "approved in run " + id));
                Optional<String> failed = stages.shift(watch, carried, this);
                resolve(watch, failed.isEmpty() ? Outcome.SUCCEEDED : Outcome.FAILED, Optional.of(id),
                        failed.map(f -> "staged shift stopped: " + f).orElse("succeeded, all stages healthy"));
                return;
            }
            resolve(watch, outcome(watch, run), Optional.of(id), run.state().label()
                    + (run.message().isBlank() ? "" : " (" + run.message() + ")"));
        } catch (RunRefusedException e) {
            resolve(watch, Outcome.ABANDONED, Optional.empty(), "the run was refused: " + String.join("; ", e.problems()));
        } catch (RuntimeException e) {
            LOG.error("the failover run of {} failed", watch.service(), e);
            resolve(watch, Outcome.FAILED, Optional.empty(), "the run failed: " + e.getMessage());
        }
    }

    /** A controller run's approval step starting after human votes is the proposal's approval. */
    private void onApproval(ServiceWatch watch, ExecutionEvent event, boolean automatic) {
        if (automatic || !(event instanceof ExecutionEvent.StepStarted s) || s.step().approvals() == 0 || s.attempt() > 1) {
            return;
        }
        String by = approvers(s.run(), s.step().id());
        watch.controller().approved(by).ifPresent(d -> audit.record(watch.runbook(), watch.commit(), d, Optional.of(s.run().id().value())));
    }

    private String approvers(Run run) {
        return run.steps().stream().map(st -> approvers(run, st.stepId())).filter(s -> !s.isEmpty()).distinct()
                .collect(Collectors.joining(", "));
    }

    private String approvers(Run run, String stepId) {
        return engine.approvals().find(run.id().value(), stepId).map(r -> r.votes().stream()
                .filter(v -> v.decision() == dev.opsbook.approval.Decision.APPROVE).map(ApprovalVote::voter)
                .map(a -> a.userId()).distinct().collect(Collectors.joining(", "))).orElse("");
    }

    void resolve(ServiceWatch watch, Outcome outcome, Optional<String> runId, String result) {
        watch.controller().resolve(outcome, runId, result).ifPresent(d -> {
            audit.record(watch.runbook(), watch.commit(), d, runId);
            switch (d) {
                case Decision.Executed e -> announcements.announce(FailoverMessages.executed(e));
                case Decision.Abandoned a -> announcements.announce(FailoverMessages.abandoned(a));
                default -> { }
            }
        });
    }

    /** Rejected, expired or cancelled runs count as not run only when none of their mutating steps started. */
    private static Outcome outcome(ServiceWatch watch, Run run) {
        boolean anyRan = run.steps().stream()
                .filter(s -> watch.runbook().step(s.stepId()).map(st -> st.kind().isMutating()).orElse(true))
                .map(s -> s.state()).anyMatch(s -> s == StepState.SUCCEEDED || s == StepState.FAILED
                        || s == StepState.TIMED_OUT || s == StepState.ROLLED_BACK || s == StepState.RUNNING);
        return switch (run.state()) {
            case SUCCEEDED -> Outcome.SUCCEEDED;
            case REJECTED, EXPIRED, CANCELLED -> anyRan ? Outcome.FAILED : Outcome.ABANDONED;
            default -> Outcome.FAILED;
        };
    }
}
