package dev.opsbook.execution;

import dev.opsbook.runbook.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The end of the chain: runs the step's code as a local process through the {@link StepRunner}, or,
 * for a step with {@code runner=NAME}, through the {@link RemoteRunner} of that name. Either way the
 * output is redacted, logged to the run's {@code logs/} and published line by line.
 */
final class ProcessInterceptor implements StepInterceptor {
    private final StepRunner runner;
    private final Map<String, RemoteRunner> remote;

    ProcessInterceptor(StepRunner runner, List<RemoteRunner> remote) {
        this.runner = runner;
        this.remote = remote.stream().collect(Collectors.toUnmodifiableMap(RemoteRunner::name, Function.identity()));
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
        Path logFile = logs.resolve(call.step().id().replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
        Consumer<OutputLine> publish = line -> ctx.publish().accept(new ExecutionEvent.StepOutput(ctx.run(), call.step(), line));
        RemoteRunner elsewhere = remote.get(call.step().attributes().getOrDefault("runner", "local"));
        if (elsewhere != null) {
            OutputSink sink = runner.sink(ctx.redactor(), logFile, publish);
            call.recordStart().run();
            StepResult r = elsewhere.run(remoteLaunch(ctx, call, timeout), sink::drain);
            return new StepResult(r.state(), r.exitCode(), r.duration(), sink.tail(), ctx.redactor().redact(r.message()));
        }
        StepLaunch launch = new StepLaunch(call.step().id(), call.attempt(), call.step().interpreter(), call.step().code(),
                cwd, ctx.runDir().resolve("scripts"), StepEnvironment.of(ctx, call.step()), timeout, ctx.redactor(), logFile);
        return runner.run(launch, publish, call.recordStart());
    }

    private static RemoteLaunch remoteLaunch(RunContext ctx, StepCall call, Duration timeout) {
        Step step = call.step();
        Map<String, String> env = new LinkedHashMap<>(ctx.parameters().environment());
        env.put("OPSBOOK_RUN_ID", ctx.run().id().value());
        env.put("OPSBOOK_STEP_ID", step.id());
        env.put("OPSBOOK_RUNBOOK_ID", ctx.runbook().id());
        env.put("OPSBOOK_SERVICE", ctx.runbook().service());
        Map<String, String> secrets = new LinkedHashMap<>();
        for (String secret : step.secrets()) {
            String value = ctx.secrets().get(secret);
            if (value != null) {
                secrets.put(SecretProvider.envName(secret), value);
            }
        }
        return new RemoteLaunch(ctx.run().id().value(), ctx.runbook().id(), ctx.runbook().service(), step.id(), call.attempt(),
                step.attributes().getOrDefault("image", ""), step.interpreter(), step.code(), env, secrets, timeout);
    }
}
