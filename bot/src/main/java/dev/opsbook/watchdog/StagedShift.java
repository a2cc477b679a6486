package dev.opsbook.watchdog;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.execution.StandingApproval;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.execution.StepState;
import dev.opsbook.failover.Sample;
import dev.opsbook.probe.ProbeMetrics;
import dev.opsbook.runbook.FailoverPolicy.TrafficStages;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The canary part of a staged failover: the stage step runs once per weight (the weight in the
 * declared parameter, so as {@code $WEIGHT}), then after {@code settle} every probe must be healthy.
 * A failed stage run or check stops the shift and rolls the stage back once: by the stage run's own rollback when
 * the stage step failed, else by a rollback run. Every stage is audited ({@code failover.stage}), and so is the
 * rollback ({@code failover.rolled_back}, naming the run that rolled back), and announced.
 */
final class StagedShift {
    private final Clock clock;
    private final Sleeper sleeper;
    private final ProbeMetrics metrics;
    private final AuditLog audit;
    private final Announcements announcements;

    StagedShift(Clock clock, Sleeper sleeper, ProbeMetrics metrics, AuditLog audit, Announcements announcements) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.audit = audit;
        this.announcements = announcements;
    }

    /** Runs the stages; empty when all passed, else why the shift stopped. */
    Optional<String> shift(ServiceWatch watch, StandingApproval approval, FailoverRuns runs) {
        TrafficStages stages = watch.policy().stages().orElseThrow();
        for (int weight : stages.weights()) {
            Map<String, String> params = Map.of(stages.parameter(), Integer.toString(weight));
            Optional<String> problem;
            Optional<Run> stageRun = Optional.empty();
            try {
                Run run = runs.execute(watch, RunTarget.step(stages.step()), params, Optional.of(approval), List.of());
                stageRun = Optional.of(run);
                problem = run.state() == RunState.SUCCEEDED ? check(watch, stages)
                        : Optional.of("the stage run " + run.id() + " " + run.state().label());
            } catch (RunRefusedException e) {
                problem = Optional.of("the stage run was refused: " + String.join("; ", e.problems()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = Optional.of("interrupted while settling");
            }
            record(watch, weight, stageRun.map(r -> r.id().value()), problem);
            if (problem.isPresent()) {
                rollBack(watch, stages, weight, stageRun, params, approval, runs);
                return Optional.of("stage " + weight + "%: " + problem.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> check(ServiceWatch watch, TrafficStages stages) throws InterruptedException {
        if (!stages.settle().isZero()) {
            sleeper.sleep(stages.settle());
        }
        Sample sample = watch.sample(clock, metrics);
        return sample.healthy() ? Optional.empty() : Optional.of("probes failing: " + String.join("; ", sample.failures()));
    }

    /**
     * Rolls the failed stage back exactly once: when the stage run already ran the step's rollback itself (the stage
     * step failed), nothing more runs; otherwise the rollback runs as its own run. Either way
     * {@code failover.rolled_back} names the run that rolled the stage back ({@code rolled_back_by}).
     */
    private void rollBack(ServiceWatch watch, TrafficStages stages, int weight, Optional<Run> stageRun, Map<String, String> params,
                          StandingApproval approval, FailoverRuns runs) {
        Optional<String> rollback = watch.runbook().step(stages.step()).flatMap(s -> s.rollback());
        if (rollback.isEmpty()) {
            return;
        }
        Optional<StepExecution> own = stageRun.flatMap(r -> r.steps().stream()
                .filter(e -> e.stepId().equals(rollback.get()) && e.state() != StepState.PENDING && e.state() != StepState.SKIPPED)
                .findFirst());
        if (own.isPresent()) {
            rolledBack(watch, weight, rollback.get(), stageRun.get(), "the stage run's own rollback", own.get().state().label(),
                    stageRun);
            return;
        }
        try {
            Run run = runs.execute(watch, RunTarget.step(rollback.get()), params, Optional.of(approval), List.of());
            rolledBack(watch, weight, rollback.get(), run, "a rollback run", run.state().label(), stageRun);
        } catch (RunRefusedException e) {
            announcements.announce(ChatMessage.builder("*The rollback `" + rollback.get() + "` of `" + watch.service()
                    + "` was refused*: " + String.join("; ", e.problems()) + ". Roll back by hand.").status(ChatStatus.FAILED).build());
        }
    }

    private void rolledBack(ServiceWatch watch, int weight, String step, Run by, String how, String result, Optional<Run> stageRun) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("service", watch.service());
        d.put("weight", Integer.toString(weight));
        d.put("step", step);
        d.put("rolled_back_by", by.id().value());
        d.put("how", how);
        stageRun.ifPresent(r -> d.put("stage_run", r.id().value()));
        audit.append(new AuditEvent(StandingApproval.CONTROLLER, AuditActions.FAILOVER_ROLLED_BACK, Optional.of(by.id().value()),
                Optional.of(step), Optional.of(new RunbookRef(watch.runbook().id(), watch.runbook().sha256(), watch.commit())),
                Map.of(), result, Optional.empty(), Optional.empty(), d));
        announcements.announce(ChatMessage.builder("Traffic stage *" + weight + "%* of `" + watch.service() + "` rolled back by run "
                + by.id() + " (`" + step + "` " + result + ")").status(result.equals("succeeded") ? ChatStatus.SUCCEEDED
                : ChatStatus.FAILED).build());
    }

    private void record(ServiceWatch watch, int weight, Optional<String> runId, Optional<String> problem) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("service", watch.service());
        d.put("weight", Integer.toString(weight));
        d.put("check", problem.orElse("all probes healthy"));
        audit.append(new AuditEvent(StandingApproval.CONTROLLER, AuditActions.FAILOVER_STAGE, runId, Optional.empty(),
                Optional.of(new RunbookRef(watch.runbook().id(), watch.runbook().sha256(), watch.commit())), Map.of(),
                problem.isEmpty() ? "passed" : "failed", Optional.empty(), Optional.empty(), d));
        announcements.announce(ChatMessage.builder("Traffic stage *" + weight + "%* of `" + watch.service() + "`: "
                + problem.map(p -> "failed — " + p + "; stopping and rolling back").orElse("all probes healthy"))
                .status(problem.isEmpty() ? ChatStatus.SUCCEEDED : ChatStatus.FAILED).build());
    }
}
