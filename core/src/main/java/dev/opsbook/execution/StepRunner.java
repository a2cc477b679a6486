package dev.opsbook.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs one attempt of a step as a local process: the code goes into a script file (never into a
 * command line), the process starts in its own process group with exactly the given environment,
 * output is drained through an {@link OutputSink} (redacted, bounded, logged), and on timeout or
 * cancellation the whole process group is killed. Stray background processes left by a finished
 * step are killed too: a step owns nothing after it ends.
 */
public final class StepRunner {
    private final Duration killGrace;
    private final int maxLineBytes;
    private final int tailLines;
    private final ProcessStarter starter;

    public StepRunner(Duration killGrace, int maxLineBytes, int tailLines) {
        this(killGrace, maxLineBytes, tailLines, ProcessStarter.best());
    }

    StepRunner(Duration killGrace, int maxLineBytes, int tailLines, ProcessStarter starter) {
        this.killGrace = killGrace;
        this.maxLineBytes = maxLineBytes;
        this.tailLines = tailLines;
        this.starter = starter;
    }

    /** How this runner starts processes ({@code posix_spawn}, or {@code processbuilder+setsid}), for diagnostics. */
    public String spawnMechanism() {
        return starter.name();
    }

    public static StepRunner defaults() {
        return new StepRunner(Duration.ofSeconds(5), 64 * 1024, 200);
    }

    /** A sink with this runner's line and tail limits, for output that comes from elsewhere (remote steps). */
    OutputSink sink(Redactor redactor, Path logFile, Consumer<OutputLine> output) {
        return new OutputSink(redactor, logFile, maxLineBytes, tailLines, output);
    }

    /** Runs the attempt to its end. Interrupting the calling thread kills the process tree and yields {@code cancelled}. */
    public StepResult run(StepLaunch launch, Consumer<OutputLine> output) {
        return run(launch, output, () -> { });
    }

    /**
     * Runs the attempt, calling {@code recordStart} (the audit write-ahead) before any of its code runs; if that throws,
     * nothing of the step runs and the exception propagates. A shell ({@code bash}, {@code sh}) may be started while
     * the record is written, its script held back until the record is durable ({@link HeldScript}).
     */
    public StepResult run(StepLaunch launch, Consumer<OutputLine> output, Runnable recordStart) {
        long t0 = System.nanoTime();
        Process process;
        OutputSink sink = new OutputSink(launch.redactor(), launch.logFile(), maxLineBytes, tailLines, output);
        Path script = scriptPath(launch);
        List<String> command = new ArrayList<>(Arrays.asList(launch.interpreter().strip().split("\\s+")));
        if (command.getFirst().equals("psql")) { // psql reads a script with -f and should stop at the first error
            command.addAll(List.of("-v", "ON_ERROR_STOP=1", "-f"));
        }
        command.add(script.toString());
        java.util.concurrent.Future<?> scriptCopy = java.util.concurrent.CompletableFuture.completedFuture(null);
        Optional<Held> early = startHeld(launch, script, command, recordStart);
        if (early.isPresent()) {
            process = early.get().process();
            scriptCopy = early.get().scriptCopy();
        } else {
            recordStart.run();
            try {
                Files.writeString(script, launch.code(), StandardCharsets.UTF_8);
                process = starter.start(command, launch.workDir(), launch.environment());
            } catch (IOException e) {
                return new StepResult(StepState.FAILED, Optional.empty(), elapsed(t0), List.of(),
                        "could not start " + launch.interpreter() + ": " + e.getMessage());
            }
            LeftoverProcesses.remember(launch.scriptDir(), launch.stepId(), process.pid());
        }
        Thread drain = Thread.ofVirtual().name("opsbook-output-" + launch.stepId())
                .start(() -> sink.drain(process.getInputStream()));
        try {
            boolean ended = process.waitFor(launch.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (!ended) {
                ProcessTree.kill(process, killGrace, starter);
                finish(drain, process, launch);
                return new StepResult(StepState.TIMED_OUT, Optional.empty(), elapsed(t0), sink.tail(),
                        "timed out after " + dev.opsbook.runbook.Durations.format(launch.timeout())
                                + "; its process group was killed");
            }
            int code = process.exitValue();
            ProcessTree.reap(process, killGrace, starter);
            finish(drain, process, launch);
            await(scriptCopy);
            return code == 0
                    ? new StepResult(StepState.SUCCEEDED, Optional.of(0), elapsed(t0), sink.tail(), "")
                    : new StepResult(StepState.FAILED, Optional.of(code), elapsed(t0), sink.tail(), "exit code " + code);
        } catch (InterruptedException e) {
            try {
                ProcessTree.kill(process, killGrace, starter);
            } catch (InterruptedException again) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            LeftoverProcesses.forget(launch.scriptDir(), launch.stepId());
            closeOutput(process);
            Thread.currentThread().interrupt();
            return new StepResult(StepState.CANCELLED, Optional.empty(), elapsed(t0), sink.tail(),
                    "cancelled; its process group was killed");
        }
    }

    private void finish(Thread drain, Process process, StepLaunch launch) throws InterruptedException {
        LeftoverProcesses.forget(launch.scriptDir(), launch.stepId());
        drain.join(killGrace.toMillis());
        boolean stuck = drain.isAlive(); // a process that left our group still holds the pipe: stop reading
        closeOutput(process);
        if (stuck) {
            drain.join(1000);
        }
    }

    /** The pipe's descriptor is ours to close (the JDK's own processes close it when they exit; ours do not). */
    private static void closeOutput(Process process) {
        try {
            process.getInputStream().close();
        } catch (IOException ignored) {
            // nothing more to read
        }
    }

    /** A shell started ahead of its record, and the copy of its script that replaces the named pipe. */
    private record Held(Process process, java.util.concurrent.Future<?> scriptCopy) {}

    /** The regular script file is in place when a step ends (for whoever reads the run directory next). */
    private static void await(java.util.concurrent.Future<?> copy) throws InterruptedException {
        try {
            copy.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // only the copy for the record is missing; the step ran
        }
    }

    /**
     * A shell started before {@code recordStart}, its script held in a named pipe, released once the record is
     * durable; empty (nothing started, nothing recorded yet) where that is not possible here.
     */
    private Optional<Held> startHeld(StepLaunch launch, Path script, List<String> command, Runnable recordStart) {
        String shell = Path.of(command.getFirst()).getFileName().toString();
        if (!shell.equals("bash") && !shell.equals("sh")) {
            return Optional.empty();
        }
        Optional<HeldScript> held;
        Process process;
        try {
            held = HeldScript.create(starter, script, launch.code());
            if (held.isEmpty()) {
                return Optional.empty();
            }
            try {
                process = starter.start(command, launch.workDir(), launch.environment());
                LeftoverProcesses.remember(launch.scriptDir(), launch.stepId(), process.pid()); // before the record: see HeldScript
            } catch (IOException e) {
                held.get().close();
                return Optional.empty(); // the ordinary way reports it, after recording the start
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        try (HeldScript h = held.get()) {
            try {
                recordStart.run();
            } catch (RuntimeException e) { // not recorded: the shell must not run anything
                stop(process);
                LeftoverProcesses.forget(launch.scriptDir(), launch.stepId());
                throw e;
            }
            return Optional.of(new Held(process, h.release(process)));
        } catch (IOException e) { // the shell could not be given all of its code
            stop(process);
            throw new java.io.UncheckedIOException("cannot hand step " + launch.stepId() + " its script: " + e.getMessage(), e);
        }
    }

    /** Kills a held shell that must not run, waits for it and lets go of its output pipe. */
    private static void stop(Process process) {
        process.destroyForcibly();
        try {
            process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeOutput(process);
    }

    private static Path scriptPath(StepLaunch launch) {
        try {
            Files.createDirectories(launch.scriptDir());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + launch.scriptDir() + ": " + e.getMessage(), e);
        }
        // the run directory is private (0700), so the script needs no permissions of its own; it is not executed, but read
        return launch.scriptDir().resolve(launch.stepId().replaceAll("[^A-Za-z0-9._-]", "_") + "." + launch.attempt() + ".script");
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
