package dev.opsbook.execution;

import dev.opsbook.approval.ApprovalStatus;
import dev.opsbook.approval.ApprovalStore;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run at the start of every opsbook process: runs left pending, running or awaiting approval by a
 * process that is gone (no claim, see {@link RunStore#orphaned()}) are marked interrupted, with their
 * unfinished steps, their open approval closed, processes their steps left running killed, and a
 * {@code run.interrupted} audit event. They can then be resumed.
 */
public final class RunRecovery {
    private final RunStore runs;
    private final ApprovalStore approvals;
    private final AuditLog audit;
    private final Clock clock;
    private final Path runsDir;

    /** {@code runsDir} is where run directories live (to kill step processes a dead opsbook left running). */
    public RunRecovery(RunStore runs, ApprovalStore approvals, AuditLog audit, Clock clock, Path runsDir) {
        this.runsDir = runsDir;
        this.runs = runs;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
    }

    /** Returns the runs it marked interrupted. */
    public List<Run> recover() {
        List<Run> marked = new ArrayList<>();
        for (Run run : runs.orphaned()) {
            RunStore.RunClaim claim;
            try {
                claim = runs.claim(run.id());
            } catch (IllegalStateException takenMeanwhile) {
                continue;
            }
            try (claim) {
                Run current = runs.find(run.id()).orElse(run);
                if (!current.state().isActive()) {
                    continue;
                }
                List<String> steps = new ArrayList<>();
                for (StepExecution exec : current.steps()) {
                    StepState s = exec.state();
                    if (s == StepState.RUNNING || s == StepState.AWAITING_APPROVAL) {
                        if (s == StepState.AWAITING_APPROVAL) {
                            approvals.find(run.id().value(), exec.stepId()).filter(r -> r.status() == ApprovalStatus.OPEN)
                                    .ifPresent(r -> approvals.update(r.runId(), r.stepId(),
                                            x -> x.status() == ApprovalStatus.OPEN ? x.withStatus(ApprovalStatus.EXPIRED) : x));
                        }
                        exec.moveTo(StepState.INTERRUPTED, clock.instant());
                        String killed = LeftoverProcesses.kill(runsDir.resolve(run.id().value()).resolve("scripts"), exec.stepId())
                                .map(pgid -> ", its leftover process group " + pgid + " killed").orElse("");
                        steps.add(exec.stepId() + " (" + s.label() + killed + ")");
                    } else if (s == StepState.PENDING) { // a shell started ahead of its unrecorded start, waiting for its script
                        LeftoverProcesses.kill(runsDir.resolve(run.id().value()).resolve("scripts"), exec.stepId());
                    }
                }
                String why = "the process driving it ended without finishing it"
                        + (steps.isEmpty() ? "" : "; interrupted step " + String.join(", ", steps));
                audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.RUN_INTERRUPTED, Optional.of(run.id().value()),
                        Optional.empty(), Optional.of(current.runbook()), current.parameters(), "interrupted",
                        Optional.empty(), Optional.empty(), Map.of("reason", why, "previous_state", current.state().label())));
                current.moveTo(RunState.INTERRUPTED, clock.instant(), why);
                runs.save(current);
                marked.add(current);
            }
        }
        return marked;
    }
}
