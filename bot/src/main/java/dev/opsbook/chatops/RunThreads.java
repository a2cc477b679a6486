package dev.opsbook.chatops;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One platform thread per run (runs block on processes and approvals for minutes). {@link #close}
 * refuses new runs, interrupts the running ones — which cancels them and records that in the audit
 * log, like Ctrl-C on the command line — and waits up to {@code grace} for them to finish recording.
 */
public final class RunThreads implements Executor, AutoCloseable {
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final Duration grace;
    private volatile boolean closed;

    public RunThreads(Duration grace) {
        this.grace = grace;
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
        running.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread t : running) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        }
    }
}
