package dev.opsbook.execution;

import java.io.InputStream;

/**
 * Runs the steps that name it ({@code runner=NAME}) somewhere other than this host. Contract, as for
 * the local {@link StepRunner}: {@link #run} blocks until the attempt ends and never throws for a
 * failing step (it returns {@code failed}); past {@code launch.timeout()} it stops the step, cleans up
 * and returns {@code timed_out}; when the calling thread is interrupted it stops the step, cleans up,
 * returns {@code cancelled} and keeps the interrupt flag. The step's output is handed to
 * {@code output} as raw bytes, which redacts, bounds and logs it like local output.
 */
public interface RemoteRunner {

    /** The {@code runner=} value this runner serves. */
    String name();

    StepResult run(RemoteLaunch launch, Output output);

    /** Where a remote step's output goes (once or in several pieces, each ending at a line end). */
    @FunctionalInterface
    interface Output {
        void drain(InputStream in);
    }
}
