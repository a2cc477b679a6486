package dev.opsbook.execution;

import java.time.Duration;

/**
 * Re-runs a failed step up to its {@code retries=} count, waiting {@code base × 2^(n-1)} (capped)
 * before attempt n+1. Only failures (non-zero exit) are retried: a timeout or a cancellation is final.
 */
final class RetryInterceptor implements StepInterceptor {
    @Override
    public StepResult intercept(Chain chain) {
        StepCall call = chain.call();
        RunContext ctx = call.context();
        int attempts = call.step().retries() + 1;
        StepResult result = chain.proceed(call.withAttempt(1));
        for (int n = 2; n <= attempts && result.state() == StepState.FAILED; n++) {
            Duration wait = backoff(ctx.settings(), n - 1);
            ctx.publish().accept(new ExecutionEvent.StepRetrying(ctx.run(), call.step(), n, wait, result));
            try {
                ctx.ports().sleeper().sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new StepResult(StepState.CANCELLED, result.exitCode(), result.duration(), result.tail(),
                        "cancelled while waiting to retry");
            }
            result = chain.proceed(call.withAttempt(n));
        }
        return result;
    }

    static Duration backoff(ExecutionSettings settings, int failures) {
        Duration d = settings.retryBase().multipliedBy(1L << Math.min(failures - 1, 20));
        return d.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : d;
    }
}
