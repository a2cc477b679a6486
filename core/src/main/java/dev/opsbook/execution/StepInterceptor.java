package dev.opsbook.execution;

import dev.opsbook.runbook.Step;
import java.util.List;

/**
 * One link of the chain around each step: authorisation → approval → confirmation → retries → audit
 * write-ahead → process. An interceptor either answers itself (refuses, times out waiting) or calls
 * {@link Chain#proceed}, possibly several times (retries). Exceptions propagate to the executor,
 * which fails the run with their message: {@link StepNotStartedException} means no process started.
 */
interface StepInterceptor {
    StepResult intercept(Chain chain);

    /**
     * {@code recordStart} makes the attempt's start durable (the write-ahead interceptor sets it); the end of the
     * chain calls it exactly once, before any of the step's code runs, and if it throws nothing of the step runs.
     */
    record StepCall(RunContext context, Step step, int attempt, Runnable recordStart) {
        StepCall(RunContext context, Step step, int attempt) {
            this(context, step, attempt, () -> { });
        }

        StepCall withAttempt(int n) {
            return new StepCall(context, step, n, recordStart);
        }

        StepCall withRecordStart(Runnable record) {
            return new StepCall(context, step, attempt, record);
        }
    }

    interface Chain {
        StepCall call();

        StepResult proceed(StepCall call);
    }

    static StepResult run(List<StepInterceptor> interceptors, StepCall call) {
        return new Link(interceptors, 0, call).proceed(call);
    }

    record Link(List<StepInterceptor> interceptors, int index, StepCall call) implements Chain {
        @Override
        public StepResult proceed(StepCall next) {
            return interceptors.get(index).intercept(new Link(interceptors, index + 1, next));
        }
    }
}
