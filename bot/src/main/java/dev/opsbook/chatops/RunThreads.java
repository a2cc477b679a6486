package dev.opsbook.chatops;

import dev.opsbook.execution.Shutdown;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One platform thread per run (runs block on processes and approvals for minutes). {@link #close}
 * (the server stopping) refuses new runs, begins the engine's {@link Shutdown} and interrupts the
 * running ones — which kills their steps' processes and records the runs as interrupted, resumable, in
 * the audit log — and waits up to {@code grace} for them to finish recording.
 */
public final class RunThreads implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunThreads.class);
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Duration grace;
    private final Shutdown shutdown;
    private volatile boolean closed;

    /** Run threads whose stop cancels their runs (tests; a process without its own engine). */
    public RunThreads(Duration grace) {
        this(grace, new Shutdown());
    }

    public RunThreads(Duration grace, Shutdown shutdown) {
        this.grace = grace;
        this.shutdown = shutdown;
    }

    @Override
    public void execute(Runnable run) {
        if (closed) {
            throw new RejectedExecutionException("opsbook is shutting down");
        }
        Thread thread = Thread.ofPlatform().name("opsbook-run-", 0).unstarted(() -> {
            try {
                run.run();
            } finally {
                running.remove(Thread.currentThread());
            }
        });
        running.add(thread);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        shutdown.begin();
        if (!running.isEmpty()) {
            LOG.info("opsbook is stopping: {} run(s) in flight interrupted (their steps' processes are killed; resume them"
                    + " after the restart)", running.size());
        }
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : running) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        }
        long stuck = running.stream().filter(Thread::isAlive).count();
        if (stuck > 0) {
            LOG.warn("{} run(s) did not finish recording within {} s; the next start marks them interrupted", stuck, grace.toSeconds());
        }
    }
}
