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
    private final java.util.concurrent.ExecutorService recorder;

    /**
     * Where a shell step's start is recorded while its shell starts: platform threads, one per step starting at that
     * moment, kept a minute when idle. (Platform, not virtual: the audit writer lets a platform thread write its own
     * append.)
     */
    private static final java.util.concurrent.ExecutorService RECORDERS = new java.util.concurrent.ThreadPoolExecutor(
            0, Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
            Thread.ofPlatform().name("opsbook-step-record-", 0).daemon(true).factory());

    public StepRunner(Duration killGrace, int maxLineBytes, int tailLines) {
        this(killGrace, maxLineBytes, tailLines, ProcessStarter.best(), RECORDERS);
    }

    StepRunner(Duration killGrace, int maxLineBytes, int tailLines, ProcessStarter starter) {
        this(killGrace, maxLineBytes, tailLines, starter, RECORDERS);
    }

    StepRunner(Duration killGrace, int maxLineBytes, int tailLines, ProcessStarter starter, java.util.concurrent.ExecutorService recorder) {
        this.killGrace = killGrace;
        this.maxLineBytes = maxLineBytes;
        this.tailLines = tailLines;
        this.starter = starter;
        this.recorder = recorder;
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
        Optional<Held> early;
        try {
            early = startHeld(launch, script, command, recordStart);
        } catch (NotStarted e) {
            return new StepResult(StepState.FAILED, Optional.empty(), elapsed(t0), List.of(),
                    "could not start " + launch.interpreter() + ": " + e.getMessage());
        }
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
            LeftoverProcesses.forget(launch.scriptDir());
            closeOutput(process);
            Thread.currentThread().interrupt();
            return new StepResult(StepState.CANCELLED, Optional.empty(), elapsed(t0), sink.tail(),
                    "cancelled; its process group was killed");
        }
    }

    private void finish(Thread drain, Process process, StepLaunch launch) throws InterruptedException {
        LeftoverProcesses.forget(launch.scriptDir());
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
     * A shell started while {@code recordStart} runs on a recorder thread, its script held in a named pipe and released
     * once the record is durable; empty (nothing started, nothing recorded) where that is not possible here. The
     * record, the spawn and the shell's start-up overlap: the record's round trip and commit take about as long as
     * {@code posix_spawn} and bash's initialisation. If the record fails the shell is killed before it read anything
     * and the record's exception propagates; if the shell cannot be started after the start was recorded, {@link
     * NotStarted} says so.
     */
    private Optional<Held> startHeld(StepLaunch launch, Path script, List<String> command, Runnable recordStart) {
        String shell = Path.of(command.getFirst()).getFileName().toString();
        if (!shell.equals("bash") && !shell.equals("sh")) {
            return Optional.empty();
        }
        Optional<HeldScript> held;
        try {
            held = HeldScript.create(starter, script, launch.code());
        } catch (IOException e) {
            return Optional.empty();
        }
        if (held.isEmpty()) {
            return Optional.empty();
        }
        try (HeldScript h = held.get()) {
            java.util.concurrent.Future<?> record = recorder.submit(recordStart);
            Process process;
            try {
                process = starter.start(command, launch.workDir(), launch.environment());
                LeftoverProcesses.remember(launch.scriptDir(), launch.stepId(), process.pid()); // see HeldScript
            } catch (IOException e) {
                awaitRecord(record); // its failure first: then nothing was recorded
                throw new NotStarted(e);
            }
            try {
                awaitRecord(record);
            } catch (RuntimeException | Error e) { // not recorded: the shell must not run anything
                stop(process);
                LeftoverProcesses.forget(launch.scriptDir());
                throw e;
            }
            try {
                return Optional.of(new Held(process, h.release(process)));
            } catch (IOException e) { // the shell could not be given all of its code
                stop(process);
                throw new java.io.UncheckedIOException("cannot hand step " + launch.stepId() + " its script: " + e.getMessage(), e);
            }
        }
    }

    /** The step's start was recorded, but its process could not be started. */
    private static final class NotStarted extends RuntimeException {
        NotStarted(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Waits for the record to finish, whatever interrupts come meanwhile (it cannot be taken back half-way; the interrupt
     * stays set for the step's wait to act on), and rethrows its failure as it was thrown.
     */
    private static void awaitRecord(java.util.concurrent.Future<?> record) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    record.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    switch (e.getCause()) {
                        case RuntimeException r -> throw r;
                        case Error r -> throw r;
                        default -> throw new IllegalStateException(e.getCause());
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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
