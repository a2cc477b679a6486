package dev.opsbook.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The end of the chain: runs the step's code as a local process through the {@link StepRunner}. */
final class ProcessInterceptor implements StepInterceptor {
    private final StepRunner runner;

    ProcessInterceptor(StepRunner runner) {
        this.runner = runner;
    }

    @Override
    public StepResult intercept(Chain chain) {
        StepCall call = chain.call();
        RunContext ctx = call.context();
        Path logs = ctx.runDir().resolve("logs");
        Path cwd = StepEnvironment.workDir(ctx, call.step());
        try {
            Files.createDirectories(logs);
            Files.createDirectories(cwd);
            Files.createDirectories(ctx.runDir().resolve("artifacts"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the run directory " + ctx.runDir() + ": " + e.getMessage(), e);
        }
        Duration timeout = call.step().timeout().orElse(ctx.settings().defaultTimeout());
        StepLaunch launch = new StepLaunch(call.step().id(), call.attempt(), call.step().interpreter(), call.step().code(),
                cwd, ctx.runDir().resolve("scripts"), StepEnvironment.of(ctx, call.step()), timeout, ctx.redactor(),
                logs.resolve(call.step().id().replaceAll("[^A-Za-z0-9._-]", "_") + ".log"));
        return runner.run(launch, line -> ctx.publish().accept(new ExecutionEvent.StepOutput(ctx.run(), call.step(), line)));
    }
}
