package dev.opsbook.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Remembers a running step's process group in the run directory ({@code scripts/STEP.pgid}: pid and
 * kernel start time), so that when the opsbook process dies (kill -9) the next one can kill what the
 * step left running before the run is resumed. The start time guards against a reused pid.
 */
final class LeftoverProcesses {
    private LeftoverProcesses() {}

    static void remember(Path scriptDir, String stepId, long pid) {
        try {
            Files.writeString(file(scriptDir, stepId), pid + " " + startTime(pid).orElse("?") + "\n");
        } catch (IOException e) {
            // best effort: recovery then cannot kill this step's leftovers, nothing else changes
        }
    }

    static void forget(Path scriptDir, String stepId) {
        try {
            Files.deleteIfExists(file(scriptDir, stepId));
        } catch (IOException ignored) {
            // a stale file is checked against the process start time before anything is killed
        }
    }

    /** Kills the step's process group if it is still the same process; returns its pgid when something was killed. */
    static Optional<Long> kill(Path scriptDir, String stepId) {
        Path f = file(scriptDir, stepId);
        try {
            if (!Files.isRegularFile(f)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(f).strip().split(" ");
            long pgid = Long.parseLong(parts[0]);
            Files.deleteIfExists(f);
            Optional<String> now = startTime(pgid);
            // the leader itself, or (leader gone) its group: Linux does not reuse a pid while a group has that id
            boolean same = now.map(t -> t.equals(parts[1])).orElse(false);
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

    private static Path file(Path scriptDir, String stepId) {
        return scriptDir.resolve(stepId.replaceAll("[^A-Za-z0-9._-]", "_") + ".pgid");
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
