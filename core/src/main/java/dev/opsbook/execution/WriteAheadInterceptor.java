package dev.opsbook.execution;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.audit.AuditWriteException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit write-ahead: {@code step.started} is durable, together with the run's state showing the step
 * running, before the process starts (if it cannot be written the process never starts);
 * {@code step.finished} of a step that printed nothing is held and written with the run's next record
 * ({@link AuditTrail}), so a run of such steps makes one durable commit a step; a step with output has its
 * lines shared first (the output journal, at {@code StepFinished}) and its outcome written at once, as before.
 */
final class WriteAheadInterceptor implements StepInterceptor {
    @Override
    public StepResult intercept(Chain chain) {
        StepCall call = chain.call();
        RunContext ctx = call.context();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("kind", call.step().kind().label());
        details.put("attempt", String.valueOf(call.attempt()));
        details.put("interpreter", call.step().interpreter());
        boolean[] recorded = {false};
        Runnable recordStart = () -> {
            recordStart(ctx, call, details);
            recorded[0] = true;
        };
        // the process end of the chain calls recordStart before the step's code runs: a local shell step's interpreter
        // may already be starting while the record is written (StepRunner), never running any of the step's code before
        StepResult result = chain.proceed(call.withRecordStart(recordStart));
        if (!recorded[0]) { // an end of the chain that never got as far as starting anything
            recordStart.run();
        }
        details.put("exit_code", result.exitCode().map(String::valueOf).orElse(""));
        if (!result.message().isEmpty()) {
            details.put("message", result.message());
        }
        if (result.tail().isEmpty()) { // nothing printed: nothing else has to be stored first
            ctx.audit().hold(ctx.run(), AuditActions.STEP_FINISHED, call.step().id(), result.state().label(), result.duration(), details);
        } else { // its output lines are shared before its result (the output journal waits at StepFinished)
            try {
                ctx.audit().record(ctx.run(), AuditActions.STEP_FINISHED, Optional.of(call.step().id()), result.state().label(),
                        Optional.of(result.duration()), details);
            } catch (AuditUnavailableException e) { // the process has ended: say so where we still can
                ctx.listenersOnly().accept(new ExecutionEvent.StepFinished(ctx.run(), call.step(), call.attempt(), result));
                throw e;
            }
        }
        ctx.publish().accept(new ExecutionEvent.StepFinished(ctx.run(), call.step(), call.attempt(), result));
        return result;
    }

    /** step.started durable with the run's state showing the step running; on failure the step is as before. */
    private static void recordStart(RunContext ctx, StepCall call, Map<String, String> details) {
        StepExecution exec = ctx.run().step(call.step().id());
        StepExecution.Snapshot before = exec.snapshot();
        if (exec.state() != StepState.RUNNING) {
            exec.moveTo(StepState.RUNNING, ctx.now());
        }
        exec.attempt(call.attempt());
        try {
            ctx.audit().recordWithState(ctx.run(), AuditActions.STEP_STARTED, Optional.of(call.step().id()), "started", details);
        } catch (RuntimeException e) {
            exec.restore(before); // it never started
            if (e instanceof AuditWriteException write) {
                throw new StepNotStartedException("step " + call.step().id() + " not started: the audit log could not record it ("
                        + write.getMessage() + ")", write);
            }
            throw e;
        }
        ctx.publish().accept(new ExecutionEvent.StepStarted(ctx.run(), call.step(), call.attempt()));
    }
}
