package dev.opsbook.execution;

import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditWriteException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The audit write-ahead: {@code step.started} is durable before the process starts (if it cannot be
 * written the process never starts), {@code step.finished} is written when it has ended.
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
        try {
            ctx.audit().record(ctx.run(), AuditActions.STEP_STARTED, Optional.of(call.step().id()), "started",
                    Optional.empty(), details);
        } catch (AuditWriteException e) {
            throw new StepNotStartedException("step " + call.step().id() + " not started: the audit log could not record it ("
                    + e.getMessage() + ")", e);
        }
        StepExecution exec = ctx.run().step(call.step().id());
        if (exec.state() != StepState.RUNNING) {
            exec.moveTo(StepState.RUNNING, ctx.now());
        }
        exec.attempt(call.attempt());
        ctx.save();
        ctx.publish().accept(new ExecutionEvent.StepStarted(ctx.run(), call.step(), call.attempt()));
        StepResult result = chain.proceed(call);
        details.put("exit_code", result.exitCode().map(String::valueOf).orElse(""));
        if (!result.message().isEmpty()) {
            details.put("message", result.message());
        }
        try {
            ctx.audit().record(ctx.run(), AuditActions.STEP_FINISHED, Optional.of(call.step().id()), result.state().label(),
                    Optional.of(result.duration()), details);
        } catch (AuditUnavailableException e) { // the process has ended: say so where we still can
            ctx.listenersOnly().accept(new ExecutionEvent.StepFinished(ctx.run(), call.step(), call.attempt(), result));
            throw e;
        }
        ctx.publish().accept(new ExecutionEvent.StepFinished(ctx.run(), call.step(), call.attempt(), result));
        return result;
    }
}
