package dev.opsbook.chatops;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Chat platforms wait for an acknowledgement (Slack gives 3 seconds and retries after that), while the work a
 * command starts can wait a moment. Work handed to an executor through {@link #after} starts once the
 * acknowledgements being written when it was handed over are all written (the next moment with none in progress),
 * or after {@code maxDelay}: a burst of commands is acknowledged on the CPU its own work would otherwise share with
 * it. Work already running is not paused. Measured in bench/README.md ("Slack acknowledgement latency").
 */
public final class AcknowledgementsFirst {
    private final AtomicInteger acknowledging = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition quiet = lock.newCondition();
    private final long maxDelayNanos;
    /** How often the acknowledgements in progress were all written; guarded by {@link #lock}. */
    private long quietMoments;

    public AcknowledgementsFirst(Duration maxDelay) {
        this.maxDelayNanos = maxDelay.toNanos();
    }

    /** One acknowledgement in progress until the returned handle is closed (closing twice counts once). */
    public Acknowledging acknowledging() {
        acknowledging.incrementAndGet();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                finished();
            }
        };
    }

    /** An acknowledgement being written. */
    public interface Acknowledging extends AutoCloseable {
        @Override
        void close();
    }

    private void finished() {
        if (acknowledging.decrementAndGet() == 0) {
            lock.lock();
            try {
                quietMoments++;
                quiet.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** {@code work}, each task waiting first (at most {@code maxDelay}) for the next moment with no acknowledgement in progress. */
    public Executor after(Executor work) {
        return task -> work.execute(() -> {
            awaitQuiet();
            task.run();
        });
    }

    /** Whether an acknowledgement is being written now. */
    public boolean busy() {
        return acknowledging.get() > 0;
    }

    private void awaitQuiet() {
        if (acknowledging.get() == 0) {
            return;
        }
        lock.lock();
        try {
            long seen = quietMoments;
            long left = maxDelayNanos;
            while (quietMoments == seen && acknowledging.get() > 0 && left > 0) {
                left = quiet.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the task sees it
        } finally {
            lock.unlock();
        }
    }
}
