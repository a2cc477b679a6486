package dev.opsbook.probe;

import dev.opsbook.failover.ProbeResult;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.ProbeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command with {@code bash -c} in the runbook's directory, like a step: input from
 * /dev/null, only the given environment (PATH, HOME, the runbook's parameter defaults), its process
 * tree killed at the timeout. Exit code 0 is healthy; otherwise the last output line says why.
 */
final class CommandProbe implements Probe {
    private static final int KEEP_OUTPUT = 4096;

    private final ProbeSpec.Command spec;
    private final Path directory;
    private final Map<String, String> environment;

    CommandProbe(ProbeSpec.Command spec, Path directory, Map<String, String> environment) {
        this.spec = spec;
        this.directory = directory;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public ProbeSpec spec() {
        return spec;
    }

    @Override
    public ProbeResult check() {
        long start = System.nanoTime();
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-c", spec.command()).directory(directory.toFile())
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(environment);
            process = pb.start();
        } catch (IOException e) {
            return ProbeResult.failed(spec.name(), "command", Duration.ZERO, "cannot start bash: " + Probes.describe(e));
        }
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> drain(process.getInputStream(), output));
        try {
            boolean done = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!done) {
                kill(process);
                return ProbeResult.failed(spec.name(), "command", took, "still running after " + Durations.format(spec.timeout())
                        + ": killed");
            }
            reader.join(1000);
            String last = lastLine(output);
            return process.exitValue() == 0 ? ProbeResult.healthy(spec.name(), "command", took, last)
                    : ProbeResult.failed(spec.name(), "command", took, "exit code " + process.exitValue()
                            + (last.isEmpty() ? "" : ": " + last));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            return ProbeResult.failed(spec.name(), "command", Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void drain(InputStream in, StringBuilder out) {
        byte[] buffer = new byte[1024];
        try (in) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                synchronized (out) {
                    out.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    if (out.length() > KEEP_OUTPUT) {
                        out.delete(0, out.length() - KEEP_OUTPUT);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process was killed: what was read is enough
        }
    }

    private static String lastLine(StringBuilder output) {
        synchronized (output) {
            String[] lines = output.toString().strip().split("\n");
            String last = lines[lines.length - 1].strip();
            return last.length() > 200 ? last.substring(0, 200) + "…" : last;
        }
    }
}
