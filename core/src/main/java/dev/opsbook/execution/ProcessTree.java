package dev.opsbook.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Kills a step's process group (the {@link ProcessStarter} started it in a session of its own): SIGTERM,
 * a grace period, then SIGKILL, until no member is left. Where processes get no group of their own
 * (no {@code posix_spawn}, no {@code setsid}) it kills the descendants visible through
 * {@link ProcessHandle}, which misses grandchildren that were re-parented after their parent exited.
 */
final class ProcessTree {
    static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst().orElse(null);

    private ProcessTree() {}

    /**
     * Live members of process group {@code pgid}, read from /proc (empty where /proc is missing). Only
     * pids from {@code pgid} up are read: members are created after their group leader, and reading
     * every /proc entry costs milliseconds (a pid wrap-around in the middle of a step is not covered).
     */
    static List<Long> members(long pgid) {
        List<Long> out = new ArrayList<>();
        String[] names = new java.io.File("/proc").list();
        if (names == null) {
            return out;
        }
        for (String name : names) {
            if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                continue;
            }
            long pid;
            try {
                pid = Long.parseLong(name);
            } catch (NumberFormatException e) {
                continue;
            }
            if (pid >= pgid && groupOf(Path.of("/proc", name)) == pgid) {
                out.add(pid);
            }
        }
        return out;
    }

    /** The process group of a /proc/PID entry, or -1 (field 5 of stat, after the parenthesised command). */
    static long groupOf(Path procEntry) {
        try {
            String stat = Files.readString(procEntry.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return "Z".equals(f[0]) ? -1 : Long.parseLong(f[2]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Kills the group led by {@code process} (its pid is the pgid under setsid) and every descendant seen
     * now. Returns once nothing of it is alive, or after SIGKILL when something refuses to die.
     */
    static void kill(Process process, Duration grace, ProcessStarter starter) throws InterruptedException {
        long pgid = process.pid();
        boolean groups = starter.ownGroups();
        List<ProcessHandle> seen = new ArrayList<>(process.descendants().toList());
        ProcessHandle.of(pgid).ifPresent(seen::add);
        signal(pgid, "TERM", seen, false, groups);
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && alive(pgid, seen, groups)) {
            Thread.sleep(20);
        }
        for (int round = 0; round < 50 && alive(pgid, seen, groups); round++) {
            signal(pgid, "KILL", seen, true, groups);
            Thread.sleep(20);
        }
    }

    /** Kills what is left of the group after the main process exited (a step's stray background jobs). */
    static void reap(Process process, Duration grace, ProcessStarter starter) throws InterruptedException {
        if (!starter.ownGroups() || !starter.groupAlive(process.pid()).orElse(true)) {
            return; // one kill(-pgid, 0) says the group is empty: no /proc scan
        }
        if (!members(process.pid()).isEmpty()) {
            kill(process, grace, starter);
        }
    }

    private static boolean alive(long pgid, List<ProcessHandle> seen, boolean groups) {
        return (groups && !members(pgid).isEmpty()) || seen.stream().anyMatch(ProcessTree::running);
    }

    /** Alive and not a zombie (an orphan killed but not yet reaped by init counts as gone). */
    static boolean running(ProcessHandle h) {
        if (!h.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(h.pid()), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return h.isAlive();
        }
    }

    private static void signal(long pgid, String signal, List<ProcessHandle> seen, boolean force, boolean groups)
            throws InterruptedException {
        if (groups) {
            try {
                new ProcessBuilder("kill", "-s", signal, "--", "-" + pgid).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (IOException e) {
                // fall through to the per-process signals below
            }
        }
        for (ProcessHandle h : seen) {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        }
    }
}
