package dev.opsbook.execution;

import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.runbook.Step;
import dev.opsbook.runbook.StepKind;
import java.util.List;
import java.util.Optional;

/**
 * Drives one run through its plan: steps in order through the interceptor chain; the first step that
 * does not succeed stops the run, and its rollback (or, for a failed validate step, the rollback of
 * the mutating step it validates) runs. Final run state: succeeded, rolled back (rollback succeeded),
 * failed, timed out, rejected, expired or cancelled — or interrupted when the process stops under it
 * ({@link Shutdown}), resumable later.
 */
final class RunFlow {
    private static final System.Logger LOG = System.getLogger(RunFlow.class.getName());

    private final List<StepInterceptor> chain;

    RunFlow(List<StepInterceptor> chain) {
        this.chain = chain;
    }

    Run drive(RunContext ctx, boolean resumed) {
        Run run = ctx.run();
        String current = null;
        try {
            run.moveTo(RunState.RUNNING, ctx.now(), "");
            ctx.save();
            ctx.publish().accept(new ExecutionEvent.RunStarted(run, resumed, ctx.runbook()));
            for (Step step : ctx.plan().steps()) {
                StepExecution exec = run.step(step.id());
                if (exec.state() == StepState.SUCCEEDED) {
                    continue;
                }
                current = step.id();
                StepResult result = runStep(ctx, step);
                if (!result.succeeded()) {
                    stop(ctx, step, result);
                    return run;
                }
            }
            finish(ctx, RunState.SUCCEEDED, ctx.plan().steps().size() + " step(s) succeeded");
        } catch (AuditUnavailableException e) {
            throw stopped(ctx, current, e);
        } catch (StepNotStartedException | AuditWriteException e) {
            if (e.getCause() instanceof AuditUnavailableException down) {
                throw stopped(ctx, current, down);
            }
            failCurrent(ctx, e.getMessage());
            finish(ctx, RunState.FAILED, e.getMessage());
        } catch (RuntimeException e) { // storage or file system trouble: record the failure if we still can
            String why = "internal error: " + e.getMessage();
            try {
                failCurrent(ctx, why);
                finish(ctx, RunState.FAILED, why);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
                throw e; // the run stays active in the store; recovery marks it interrupted
            }
        }
        return run;
    }

    /**
     * The audit log's database is gone: nothing more can run or be recorded. The progress lines are closed
     * (listeners only) and the run, still active in the store, is left for recovery to mark interrupted.
     */
    private static RunStoppedException stopped(RunContext ctx, String current, AuditUnavailableException e) {
        Run run = ctx.run();
        String where;
        java.util.Optional<String> unrecorded = ctx.audit().unrecordedOutcome();
        if (unrecorded.isPresent()) {
            where = "at step " + unrecorded.get() + " (it ran, but its end could not be recorded)";
        } else if (current == null) {
            where = "before its first step";
        } else if (run.step(current).state() == StepState.RUNNING) {
            where = "at step " + current + " (it ran, but its end could not be recorded)";
        } else {
            where = "before step " + current;
        }
        RunStoppedException stopped = new RunStoppedException(run.id(), where, e);
        if (run.state().canMoveTo(RunState.INTERRUPTED)) {
            run.moveTo(RunState.INTERRUPTED, ctx.now(), stopped.getMessage());
            try {
                ctx.listenersOnly().accept(new ExecutionEvent.RunFinished(run));
            } catch (RuntimeException ignored) {
                // listeners that need the database cannot hear it either
            }
        }
        return stopped;
    }

    private StepResult runStep(RunContext ctx, Step step) {
        StepResult result = StepInterceptor.run(chain, new StepInterceptor.StepCall(ctx, step, 1));
        if (result.state() == StepState.CANCELLED && ctx.ports().shutdown().begun()) {
            result = new StepResult(StepState.INTERRUPTED, result.exitCode(), result.duration(), result.tail(),
                    "interrupted: opsbook stopped while it ran (" + result.message() + "); resume the run to continue");
        }
        StepExecution exec = ctx.run().step(step.id());
        if (exec.state() != result.state()) {
            exec.moveTo(result.state(), ctx.now());
        }
        exec.result(result.exitCode(), result.message());
        ctx.audit().saveLater(ctx.run()); // with the held step.finished, in the run's next write
        return result;
    }

    private void stop(RunContext ctx, Step step, StepResult result) {
        String why = "step " + step.id() + " " + result.state().label()
                + (result.message().isEmpty() ? "" : ": " + result.message());
        if (result.state() == StepState.INTERRUPTED) {
            interrupt(ctx, why);
            return;
        }
        RunState end = switch (result.state()) {
            case REJECTED -> RunState.REJECTED;
            case EXPIRED -> RunState.EXPIRED;
            case TIMED_OUT -> RunState.TIMED_OUT;
            case CANCELLED -> RunState.CANCELLED;
            default -> RunState.FAILED;
        };
        Optional<Step> rollback = (end == RunState.FAILED || end == RunState.TIMED_OUT) ? rollbackFor(ctx, step) : Optional.empty();
        if (rollback.isEmpty() || ctx.run().step(rollback.get().id()).state() != StepState.PENDING) {
            finish(ctx, end, why);
            return;
        }
        StepResult rolled = runStep(ctx, rollback.get());
        if (rolled.succeeded()) {
            ctx.run().step(step.id()).moveTo(StepState.ROLLED_BACK, ctx.now());
            finish(ctx, RunState.ROLLED_BACK, why + "; rolled back by step " + rollback.get().id());
        } else {
            finish(ctx, RunState.FAILED, why + "; rollback step " + rollback.get().id() + " " + rolled.state().label()
                    + (rolled.message().isEmpty() ? "" : ": " + rolled.message()));
        }
    }

    /** The step's own rollback; for a validate step without one, that of the latest mutating step before it. */
    static Optional<Step> rollbackFor(RunContext ctx, Step failed) {
        Optional<Step> own = failed.rollback().flatMap(id -> ctx.plan().step(id));
        if (own.isPresent() || failed.kind() != StepKind.VALIDATE) {
            return own;
        }
        List<Step> steps = ctx.plan().steps();
        for (int i = steps.indexOf(failed) - 1; i >= 0; i--) {
            Step before = steps.get(i);
            if (before.kind().isMutating() && before.rollback().isPresent()) {
                return before.rollback().flatMap(id -> ctx.plan().step(id));
            }
        }
        return Optional.empty();
    }

    private static void failCurrent(RunContext ctx, String why) {
        for (StepExecution exec : ctx.run().steps()) {
            if (exec.state() == StepState.RUNNING || exec.state() == StepState.AWAITING_APPROVAL) {
                exec.moveTo(StepState.FAILED, ctx.now());
                exec.result(Optional.empty(), why);
                return;
            }
        }
        for (StepExecution exec : ctx.run().steps()) {
            if (exec.state() == StepState.PENDING) {
                exec.moveTo(StepState.FAILED, ctx.now());
                exec.result(Optional.empty(), why);
                return;
            }
        }
    }

    /** The process is stopping: the run stays resumable (its pending steps stay pending). */
    private static void interrupt(RunContext ctx, String why) {
        Run run = ctx.run();
        run.moveTo(RunState.INTERRUPTED, ctx.now(), why);
        ctx.save();
        try {
            ctx.publish().accept(new ExecutionEvent.RunFinished(run));
        } catch (AuditWriteException e) {
            LOG.log(System.Logger.Level.WARNING, "run {0} interrupted but the audit log could not record it: {1}", run.id(), e.getMessage());
        }
    }

    private static void finish(RunContext ctx, RunState state, String why) {
        Run run = ctx.run();
        run.moveTo(state, ctx.now(), why);
        for (Step step : ctx.plan().allSteps()) {
            StepExecution exec = run.step(step.id());
            if (exec.state() == StepState.PENDING) {
                exec.moveTo(StepState.SKIPPED, ctx.now());
                if (ctx.plan().steps().contains(step)) {
                    try {
                        ctx.publish().accept(new ExecutionEvent.StepSkipped(run, step, "run " + state.label()));
                    } catch (AuditWriteException e) {
                        LOG.log(System.Logger.Level.WARNING, "run {0}: step {1} skipped; the audit log could not record it", run.id(), step.id());
                    }
                }
            }
        }
        ctx.save();
        try {
            ctx.publish().accept(new ExecutionEvent.RunFinished(run));
        } catch (AuditWriteException e) {
            LOG.log(System.Logger.Level.WARNING, "run {0} finished {1} but the audit log could not record it: {2}",
                    run.id(), state.label(), e.getMessage());
        }
    }
}
