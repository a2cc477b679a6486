package dev.opsbook.execution;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** A child started by {@link PosixSpawnStarter}: reaped by a pool thread, its exit completes {@link #exit}. */
final class SpawnedProcess extends Process {
    private final int pid;
    private final InputStream output;
    private final PosixSpawnStarter starter;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    SpawnedProcess(int pid, InputStream output, PosixSpawnStarter starter) {
        this.pid = pid;
        this.output = output;
        this.starter = starter;
        starter.reapers().execute(() -> {
            try {
                exit.complete(starter.await(pid));
            } catch (RuntimeException e) {
                exit.completeExceptionally(e);
            }
        });
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream(); // stdin is /dev/null
    }

    @Override
    public InputStream getInputStream() {
        return output;
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream(); // merged into the output
    }

    @Override
    public int waitFor() throws InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
        try {
            exit.get(timeout, unit);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public int exitValue() {
        if (!exit.isDone()) {
            throw new IllegalThreadStateException("process " + pid + " has not exited");
        }
        return exit.join();
    }

    @Override
    public void destroy() {
        if (!exit.isDone()) { // once reaped, the pid may belong to someone else
            starter.signal(pid, false);
        }
    }

    @Override
    public Process destroyForcibly() {
        if (!exit.isDone()) {
            starter.signal(pid, true);
        }
        return this;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public ProcessHandle toHandle() {
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("process " + pid + " has ended"));
    }

    @Override
    public Stream<ProcessHandle> children() {
        return ProcessHandle.of(pid).map(ProcessHandle::children).orElseGet(Stream::empty);
    }

    @Override
    public Stream<ProcessHandle> descendants() {
        return ProcessHandle.of(pid).map(ProcessHandle::descendants).orElseGet(Stream::empty);
    }

    @Override
    public CompletableFuture<Process> onExit() {
        return exit.handle((code, error) -> this);
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }
}
