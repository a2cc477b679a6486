package dev.opsbook.execution;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a step's process is started: in a session and process group of its own (so the whole group can be
 * killed), with exactly the given environment, standard input from /dev/null and standard error merged
 * into standard output.
 *
 * <p>{@link #best()} takes {@code posix_spawn(3)} with {@code POSIX_SPAWN_SETSID} through the FFM API
 * (JDK 22+, Linux, native access enabled: the launcher and the jar's manifest enable it) and falls back to
 * {@link ProcessBuilder} behind {@code setsid(1)}, which costs two more {@code execve} a step (the JDK's
 * {@code jspawnhelper}, then {@code setsid}). The system property {@code opsbook.spawn} ({@code posix_spawn}
 * or {@code processbuilder}) forces one.
 */
interface ProcessStarter {
    Process start(List<String> command, Path workDir, Map<String, String> environment) throws IOException;

    /** Whether processes started here lead a process group of their own (their pid is the group id). */
    boolean ownGroups();

    /** Whether process group {@code pgid} still has a member, when this starter can tell cheaply (one syscall). */
    default Optional<Boolean> groupAlive(long pgid) {
        return Optional.empty();
    }

    String name();

    /**
     * Makes a named pipe at {@code path} (mode 0600) where this starter can; false where it cannot (then a step's
     * interpreter starts only after its start is recorded, see {@link StepRunner}).
     */
    default boolean makeFifo(Path path) {
        return false;
    }

    /**
     * Starts watching {@code path} for being opened (Linux inotify, {@code IN_OPEN}) where this starter can; empty where
     * it cannot (then {@link HeldScript} looks through {@code /proc} instead). Opens before this call are not seen.
     */
    default Optional<OpenWatch> watchOpens(Path path) {
        return Optional.empty();
    }

    /** Opens of one file, seen as they happen: a blocking wait instead of polling. */
    interface OpenWatch extends AutoCloseable {
        /** Waits at most {@code millis} ms for an open since the watch began; true once one has happened. */
        boolean await(int millis);

        @Override
        void close();
    }

    /** The {@code posix_spawn} starter where it works here, else {@link #processBuilder()}. */
    static ProcessStarter best() {
        return Holder.BEST;
    }

    static ProcessStarter processBuilder() {
        return Builder.INSTANCE;
    }

    /** The {@code posix_spawn} starter, or empty on JDK 21, outside Linux, or without native access. */
    @SuppressWarnings("unchecked")
    static Optional<ProcessStarter> posixSpawn() {
        if (Runtime.version().feature() < 22 || !System.getProperty("os.name", "").startsWith("Linux")) {
            return Optional.empty();
        }
        try { // compiled for Java 22 (src/main/java22), absent from builds made with JDK 21
            Class<?> c = Class.forName("dev.opsbook.execution.PosixSpawnStarter");
            return (Optional<ProcessStarter>) c.getMethod("create").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    final class Holder {
        static final ProcessStarter BEST = choose(System.getProperty("opsbook.spawn", ""));

        private Holder() {}

        static ProcessStarter choose(String forced) {
            return switch (forced) {
                case "processbuilder" -> processBuilder();
                case "posix_spawn" -> posixSpawn().orElseThrow(() -> new IllegalStateException(
                        "opsbook.spawn=posix_spawn needs JDK 22+ on Linux with native access enabled (--enable-native-access=ALL-UNNAMED)"));
                default -> posixSpawn().orElse(processBuilder());
            };
        }
    }

    /** {@link ProcessBuilder} behind {@code setsid(1)} where it exists. */
    final class Builder implements ProcessStarter {
        static final Builder INSTANCE = new Builder();

        private Builder() {}

        @Override
        public Process start(List<String> command, Path workDir, Map<String, String> environment) throws IOException {
            List<String> full = new ArrayList<>();
            if (ProcessTree.SETSID != null) {
                full.add(ProcessTree.SETSID.toString());
            }
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(environment);
            return pb.start();
        }

        @Override
        public boolean ownGroups() {
            return ProcessTree.SETSID != null;
        }

        @Override
        public String name() {
            return ProcessTree.SETSID != null ? "processbuilder+setsid" : "processbuilder";
        }
    }
}
