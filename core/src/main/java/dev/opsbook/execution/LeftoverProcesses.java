package dev.opsbook.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Remembers a running step's process group in the run directory ({@code scripts/running.pgid}: step, pid and kernel
 * start time), so that when the opsbook process dies (kill -9) the next one can kill what the step left running
 * before the run is resumed. The start time guards against a reused pid. A run's steps run one at a time, so one
 * record a run is enough; it is overwritten in place (a fixed-size record, no file created or deleted a step: on
 * this machine's ext4 a create and an unlink cost about 0.3 ms a step).
 */
final class LeftoverProcesses {
    private static final String FILE = "running.pgid";
    private static final int RECORD = 256;

    private LeftoverProcesses() {}

    static void remember(Path scriptDir, String stepId, long pid) {
        write(scriptDir, safe(stepId) + " " + pid + " " + startTime(pid).orElse("?"));
    }

    static void forget(Path scriptDir) {
        write(scriptDir, "");
    }

    /** The record, then a newline, padded with spaces to a fixed size so a shorter record overwrites a longer one. */
    private static void write(Path scriptDir, String record) {
        byte[] line = (record + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(line, Math.max(RECORD, line.length));
        java.util.Arrays.fill(bytes, line.length, bytes.length, (byte) ' ');
        try (java.nio.channels.FileChannel f = java.nio.channels.FileChannel.open(scriptDir.resolve(FILE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            f.write(java.nio.ByteBuffer.wrap(bytes), 0);
        } catch (IOException e) {
            // best effort: recovery then cannot kill this step's leftovers, nothing else changes
        }
    }

    /** Kills the step's process group if it is still the same process; returns its pgid when something was killed. */
    static Optional<Long> kill(Path scriptDir, String stepId) {
        Path f = scriptDir.resolve(FILE);
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(f).lines().findFirst().orElse("").strip().split(" ");
            if (parts.length != 3 || !parts[0].equals(safe(stepId))) {
                return Optional.empty();
            }
            write(scriptDir, "");
            long pgid = Long.parseLong(parts[1]);
            Optional<String> now = startTime(pgid);
            // the leader itself, or (leader gone) its group: Linux does not reuse a pid while a group has that id
            boolean same = now.map(t -> t.equals(parts[2])).orElse(false);
            boolean orphanedGroup = now.isEmpty() && ProcessStarter.best().ownGroups() && !ProcessTree.members(pgid).isEmpty();
            if (!(same || orphanedGroup)) {
                return Optional.empty();
            }
            new ProcessBuilder("kill", "-s", "KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            return Optional.of(pgid);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static String safe(String stepId) {
        return stepId.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** Field 22 of /proc/PID/stat: start time in clock ticks since boot. */
    private static Optional<String> startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(f[19]);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
