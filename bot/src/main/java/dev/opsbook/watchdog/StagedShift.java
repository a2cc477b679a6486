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
 * A failed stage run or check stops the shift and runs the stage step's rollback. Every stage is
 * audited ({@code failover.stage}) and announced.
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
            Optional<String> runId = Optional.empty();
            try {
                Run run = runs.execute(watch, RunTarget.step(stages.step()), params, Optional.of(approval), List.of());
                runId = Optional.of(run.id().value());
                problem = run.state() == RunState.SUCCEEDED ? check(watch, stages)
                        : Optional.of("the stage run " + run.id() + " " + run.state().label());
            } catch (RunRefusedException e) {
                problem = Optional.of("the stage run was refused: " + String.join("; ", e.problems()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = Optional.of("interrupted while settling");
            }
            record(watch, weight, runId, problem);
            if (problem.isPresent()) {
                rollBack(watch, stages, params, approval, runs);
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

    private void rollBack(ServiceWatch watch, TrafficStages stages, Map<String, String> params, StandingApproval approval,
                          FailoverRuns runs) {
        watch.runbook().step(stages.step()).flatMap(s -> s.rollback()).ifPresent(rollback -> {
            try {
                runs.execute(watch, RunTarget.step(rollback), params, Optional.of(approval), List.of());
            } catch (RunRefusedException e) {
                announcements.announce(ChatMessage.builder("*The rollback `" + rollback + "` of `" + watch.service()
                        + "` was refused*: " + String.join("; ", e.problems()) + ". Roll back by hand.").status(ChatStatus.FAILED).build());
            }
        });
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
