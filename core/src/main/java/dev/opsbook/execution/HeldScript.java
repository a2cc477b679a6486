package dev.opsbook.execution;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A step's script handed to its shell through a named pipe at the script's path, so the shell can start (exec,
 * dynamic linking, initialisation: about a millisecond) while the step's start is being recorded, yet run nothing
 * before {@link #release}. opsbook holds the pipe open for reading and writing, so the shell's {@code open} does not
 * wait and its first {@code read} blocks until the code arrives; {@link #release} writes the code and closes opsbook's
 * end only once the shell has the pipe open (a pipe nobody holds loses its contents, and a later {@code open} would
 * wait for a writer forever). The shell's open is seen as it happens through the starter's {@link
 * ProcessStarter#watchOpens open watch} (inotify) where there is one; else by looking through {@code /proc}
 * every 50 µs, which takes a core from the shell starting beside it on a small machine. If opsbook dies after the
 * shell opened the pipe, the shell reads an empty script and exits without running anything; if it dies in the
 * millisecond before, the shell waits in {@code open}, and the next opsbook's recovery kills it through the run's
 * leftover record ({@link LeftoverProcesses}, {@link RunRecovery}). Afterwards the pipe is replaced by the regular
 * script file (the shell keeps reading the pipe it opened), so the run directory looks as it always did.
 */
final class HeldScript implements AutoCloseable {
    /** Larger scripts would fill the pipe (64 KiB) before the shell reads them; they start the ordinary way. */
    static final int MAX_BYTES = 32 * 1024;

    private final Path path;
    private final byte[] code;
    private RandomAccessFile pipe;
    private final ProcessStarter.OpenWatch watch; // null: none here, /proc is looked through

    private HeldScript(Path path, byte[] code, RandomAccessFile pipe, ProcessStarter.OpenWatch watch) {
        this.path = path;
        this.code = code;
        this.pipe = pipe;
        this.watch = watch;
    }

    /** A held script at {@code path}, or empty when the starter cannot make a named pipe or the code is too large. */
    static Optional<HeldScript> create(ProcessStarter starter, Path path, String code) throws IOException {
        byte[] bytes = code.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return Optional.empty();
        }
        Files.deleteIfExists(path);
        if (!starter.makeFifo(path)) {
            return Optional.empty();
        }
        try {
            RandomAccessFile pipe = new RandomAccessFile(path.toFile(), "rw"); // O_RDWR: never blocks
            return Optional.of(new HeldScript(path, bytes, pipe, starter.watchOpens(path).orElse(null))); // after our own open
        } catch (IOException e) {
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Writes the regular script files in the pipes' places, off the step's path (a create and a rename: ~0.3 ms here). */
    private static final java.util.concurrent.ExecutorService COPIES = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("opsbook-script-copies").daemon(true).factory());

    /**
     * Hands the code to the shell {@code shell} (it starts running it); the regular script file takes the pipe's place
     * when the returned future completes. Waits (at most 5 s) until the shell has opened the pipe before letting go of it.
     */
    java.util.concurrent.Future<?> release(Process shell) throws IOException {
        try (RandomAccessFile p = pipe) {
            pipe = null;
            p.write(code);
            long deadline = System.nanoTime() + 5_000_000_000L;
            if (watch != null) {
                // woken by the shell's open; every 20 ms /proc is looked at too, in case the watch missed it
                while (!watch.await(20) && !opened(shell.pid(), path) && shell.isAlive() && System.nanoTime() < deadline) {
                    // not yet: wait again
                }
            } else {
                while (!opened(shell.pid(), path) && shell.isAlive() && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                }
            }
        } finally {
            closeWatch();
        }
        return COPIES.submit(() -> {
            keepCopy();
            return null;
        });
    }

    /** Whether process {@code pid} holds {@code path} open (one of its descriptors links to it). */
    static boolean opened(long pid, Path path) {
        for (String usual : new String[] {"255", "10"}) { // where bash and dash keep the script: one readlink, no listing
            try {
                if (Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "fd", usual)).equals(path)) {
                    return true;
                }
            } catch (IOException | UnsupportedOperationException e) {
                // not there: look through all of them
            }
        }
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return fds.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(path);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            });
        } catch (IOException | RuntimeException e) {
            return false; // gone
        }
    }

    /** The shell gets nothing (end of file); the regular script file is left for the record. */
    @Override
    public void close() {
        closeWatch();
        if (pipe != null) {
            try {
                pipe.close();
            } catch (IOException ignored) {
                // the shell reads end of file either way
            }
            pipe = null;
            try {
                keepCopy();
            } catch (IOException ignored) {
                // only the copy for the record is missing
            }
        }
    }

    private void closeWatch() {
        if (watch != null) {
            watch.close();
        }
    }

    private void keepCopy() throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, code);
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
