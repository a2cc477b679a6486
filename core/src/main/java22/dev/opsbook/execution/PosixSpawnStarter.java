package dev.opsbook.execution;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Starts step processes with glibc's {@code posix_spawnp(3)} through the FFM API (Java 22+): one
 * {@code clone(CLONE_VFORK)} and one {@code execve} of the interpreter, in a new session
 * ({@code POSIX_SPAWN_SETSID}), with default signal dispositions, an empty signal mask, the working
 * directory set ({@code addchdir_np}), stdin from /dev/null, stdout and stderr into one pipe, and every
 * other descriptor closed ({@code addclosefrom_np}). A platform thread from a small cached pool reaps
 * each child with {@code waitpid}. {@link ProcessStarter#posixSpawn()} loads this class by name.
 */
final class PosixSpawnStarter implements ProcessStarter {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int O_NONBLOCK = 0x800;
    private static final int IN_OPEN = 0x20;
    private static final short POLLIN = 0x1;
    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;
    private static final int SIGTERM = 15;
    private static final int SIGKILL = 9;
    private static final int EINTR = 4;
    // glibc x86_64/aarch64 sizes are 80 (file actions), 336 (attributes), 128 (sigset_t): allocate more
    private static final long FILE_ACTIONS_BYTES = 256;
    private static final long ATTR_BYTES = 512;
    private static final long SIGSET_BYTES = 256;

    private final MethodHandle pipe2;
    private final MethodHandle close;
    private final MethodHandle spawnp;
    private final MethodHandle faInit;
    private final MethodHandle faDestroy;
    private final MethodHandle faDup2;
    private final MethodHandle faOpen;
    private final MethodHandle faChdir;
    private final MethodHandle faCloseFrom;
    private final MethodHandle attrInit;
    private final MethodHandle attrFlags;
    private final MethodHandle attrSigMask;
    private final MethodHandle attrSigDefault;
    private final MethodHandle sigEmpty;
    private final MethodHandle sigFill;
    private final MethodHandle waitpid;
    private final MethodHandle kill;
    private final MethodHandle strerror;
    private final MethodHandle mkfifo;
    private final MethodHandle inotifyInit;
    private final MethodHandle inotifyAddWatch;
    private final MethodHandle poll;
    private final VarHandle errno;
    private final long errnoSize;
    /** The same for every spawn (a new session, an empty signal mask, default dispositions): made once, only read after. */
    private final MemorySegment attributes;
    private final ExecutorService reapers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("opsbook-reaper-", 0).daemon(true).stackSize(256 * 1024).factory());

    private PosixSpawnStarter(Linker linker, SymbolLookup libc) {
        pipe2 = handle(linker, libc, "pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        close = handle(linker, libc, "close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        spawnp = handle(linker, libc, "posix_spawnp", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        faInit = handle(linker, libc, "posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        faDestroy = handle(linker, libc, "posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        faDup2 = handle(linker, libc, "posix_spawn_file_actions_adddup2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        faOpen = handle(linker, libc, "posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
        faChdir = handle(linker, libc, "posix_spawn_file_actions_addchdir_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        faCloseFrom = handle(linker, libc, "posix_spawn_file_actions_addclosefrom_np", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        attrInit = handle(linker, libc, "posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        attrFlags = handle(linker, libc, "posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
        attrSigMask = handle(linker, libc, "posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        attrSigDefault = handle(linker, libc, "posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        sigEmpty = handle(linker, libc, "sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        sigFill = handle(linker, libc, "sigfillset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        Linker.Option errnoState = Linker.Option.captureCallState("errno");
        waitpid = linker.downcallHandle(libc.find("waitpid").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT),
                errnoState);
        kill = linker.downcallHandle(libc.find("kill").orElseThrow(), FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), errnoState);
        strerror = handle(linker, libc, "strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        mkfifo = handle(linker, libc, "mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        inotifyInit = handle(linker, libc, "inotify_init1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        inotifyAddWatch = handle(linker, libc, "inotify_add_watch", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
        poll = handle(linker, libc, "poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
        errno = Linker.Option.captureStateLayout().varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
        errnoSize = Linker.Option.captureStateLayout().byteSize();
        attributes = spawnAttributes(); // ~0.5 KB per starter, never freed (the runner keeps one starter)
    }

    private MemorySegment spawnAttributes() {
        MemorySegment attr = Arena.global().allocate(ATTR_BYTES, 16);
        try (Arena arena = Arena.ofConfined()) { // the signal sets are copied into the attributes
            check((int) attrInit.invokeExact(attr), "posix_spawnattr_init");
            MemorySegment none = arena.allocate(SIGSET_BYTES, 16);
            check((int) sigEmpty.invokeExact(none), "sigemptyset");
            check((int) attrSigMask.invokeExact(attr, none), "setsigmask");
            MemorySegment all = arena.allocate(SIGSET_BYTES, 16);
            check((int) sigFill.invokeExact(all), "sigfillset");
            check((int) attrSigDefault.invokeExact(attr, all), "setsigdefault");
            check((int) attrFlags.invokeExact(attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
                    "setflags");
            return attr;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new UnsupportedOperationException("posix_spawn attributes: " + t, t);
        }
    }

    private static MethodHandle handle(Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(libc.find(name).orElseThrow(() -> new UnsupportedOperationException("no " + name + " in libc")), fd);
    }

    /** The starter, or empty where native access is not enabled or the C library lacks a function (glibc before 2.34). */
    public static Optional<ProcessStarter> create() {
        if (!PosixSpawnStarter.class.getModule().isNativeAccessEnabled()) {
            return Optional.empty(); // calling a restricted method would print the JVM's warning on stderr
        }
        try {
            Linker linker = Linker.nativeLinker();
            return Optional.of(new PosixSpawnStarter(linker, linker.defaultLookup()));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "posix_spawn";
    }

    @Override
    public boolean ownGroups() {
        return true;
    }

    @Override
    public boolean makeFifo(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            return (int) mkfifo.invokeExact(arena.allocateFrom(path.toString()), 0600) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    @Override
    public Optional<OpenWatch> watchOpens(Path path) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) inotifyInit.invokeExact(O_CLOEXEC | O_NONBLOCK);
            if (fd < 0) {
                return Optional.empty();
            }
            if ((int) inotifyAddWatch.invokeExact(fd, arena.allocateFrom(path.toString()), IN_OPEN) < 0) {
                closeQuietly(fd);
                return Optional.empty();
            }
            return Optional.of(new InotifyWatch(fd));
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    /** An inotify descriptor watching one path for {@code IN_OPEN}: readable once the path was opened. */
    private final class InotifyWatch implements OpenWatch {
        private final int fd;
        private boolean seen;
        private boolean closed;

        InotifyWatch(int fd) {
            this.fd = fd;
        }

        @Override
        public boolean await(int millis) {
            if (seen || closed) {
                return seen;
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pollFd = arena.allocate(8, 4); // struct pollfd { int fd; short events; short revents; }
                pollFd.set(JAVA_INT, 0, fd);
                pollFd.set(JAVA_SHORT, 4, POLLIN);
                seen = (int) poll.invokeExact(pollFd, 1L, millis) > 0; // EINTR (-1): not yet, the caller asks again
                return seen;
            } catch (Throwable t) {
                java.util.concurrent.locks.LockSupport.parkNanos(millis * 1_000_000L); // still a wait, not a spin
                return false;
            }
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeQuietly(fd);
            }
        }
    }

    @Override
    public Optional<Boolean> groupAlive(long pgid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(errnoSize);
            int rc = (int) kill.invokeExact(state, (int) -pgid, 0);
            return Optional.of(rc == 0 || (int) errno.get(state, 0L) != 3); // ESRCH: no process in the group
        } catch (Throwable t) {
            return Optional.empty();
        }
    }

    @Override
    public Process start(List<String> command, Path workDir, Map<String, String> environment) throws IOException {
        int readFd;
        int writeFd;
        int pid;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            check((int) pipe2.invokeExact(fds, O_CLOEXEC), "pipe2");
            readFd = fds.getAtIndex(JAVA_INT, 0);
            writeFd = fds.getAtIndex(JAVA_INT, 1);
            try {
                pid = spawn(arena, command, workDir, environment, writeFd);
            } catch (IOException | RuntimeException | Error e) {
                closeQuietly(readFd);
                closeQuietly(writeFd);
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("posix_spawn failed: " + t, t);
        }
        InputStream output;
        try { // a descriptor of our own for the read end (the writer still holds its end, so open does not block)
            output = new FileInputStream("/proc/self/fd/" + readFd);
        } finally {
            closeQuietly(writeFd);
            closeQuietly(readFd);
        }
        return new SpawnedProcess(pid, output, this);
    }

    private int spawn(Arena arena, List<String> command, Path workDir, Map<String, String> environment, int writeFd) throws Throwable {
        MemorySegment actions = arena.allocate(FILE_ACTIONS_BYTES, 16);
        check((int) faInit.invokeExact(actions), "posix_spawn_file_actions_init");
        try {
            check((int) faChdir.invokeExact(actions, arena.allocateFrom(workDir.toString())), "addchdir_np");
            check((int) faOpen.invokeExact(actions, 0, arena.allocateFrom("/dev/null"), O_RDONLY, 0), "addopen");
            check((int) faDup2.invokeExact(actions, writeFd, 1), "adddup2");
            check((int) faDup2.invokeExact(actions, writeFd, 2), "adddup2");
            check((int) faCloseFrom.invokeExact(actions, 3), "addclosefrom_np");
            MemorySegment argv = strings(arena, command);
            MemorySegment envp = strings(arena, environment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
            MemorySegment pid = arena.allocate(JAVA_INT);
            int rc = (int) spawnp.invokeExact(pid, argv.getAtIndex(ADDRESS, 0), actions, attributes, argv, envp);
            if (rc != 0) {
                throw new IOException("error=" + rc + ", " + message(rc));
            }
            return pid.get(JAVA_INT, 0);
        } finally {
            int ignored = (int) faDestroy.invokeExact(actions);
        }
    }

    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }

    private void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: " + message(rc > 0 ? rc : -rc));
        }
    }

    private String message(int code) {
        try {
            MemorySegment s = (MemorySegment) strerror.invokeExact(code);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "error " + code;
        }
    }

    private void closeQuietly(int fd) {
        try {
            int ignored = (int) close.invokeExact(fd);
        } catch (Throwable ignored) {
            // nothing more to do with this descriptor
        }
    }

    /** Blocks until {@code pid} ends and reaps it: its exit code, or 128 + the signal that ended it. */
    int await(int pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment state = arena.allocate(errnoSize);
            while (true) {
                int rc = (int) waitpid.invokeExact(state, pid, status, 0);
                if (rc == pid) {
                    int s = status.get(JAVA_INT, 0);
                    int signal = s & 0x7f;
                    return signal == 0 ? (s >> 8) & 0xff : 128 + signal;
                }
                if (rc == -1 && (int) errno.get(state, 0L) != EINTR) {
                    throw new IllegalStateException("waitpid(" + pid + ") failed: " + message((int) errno.get(state, 0L)));
                }
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("waitpid(" + pid + ") failed: " + t, t);
        }
    }

    void signal(int pid, boolean force) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) kill.invokeExact(arena.allocate(errnoSize), pid, force ? SIGKILL : SIGTERM);
        } catch (Throwable ignored) {
            // already gone
        }
    }

    ExecutorService reapers() {
        return reapers;
    }
}
