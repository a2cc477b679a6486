package dev.opsbook.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The calls waiting for one channel, in order, and when the channel may be called next.
 * Guarded by the mirror's lock.
 */
final class ChannelOutbox {
    final Deque<Outgoing> queue = new ArrayDeque<>();
    Instant nextAt = Instant.MIN;
    boolean inFlight;

    boolean due(Instant now) {
        return !inFlight && !queue.isEmpty() && !now.isBefore(nextAt);
    }

    /** The last queued output batch that can still take lines of {@code stepId}. */
    Outgoing.OutputBatch openBatch(MirroredRun run, String stepId) {
        return queue.peekLast() instanceof Outgoing.OutputBatch b && b.accepts(run, stepId) ? b : null;
    }

    boolean hasParentUpdate(MirroredRun run) {
        return queue.stream().anyMatch(o -> o instanceof Outgoing.ParentUpdate && o.run == run
                && !(inFlight && o == queue.peekFirst()));
    }

    /** Removes the oldest output batch not being sent; returns its line count, or -1 when there is none. */
    int dropOldestOutput() {
        Iterator<Outgoing> it = queue.iterator();
        while (it.hasNext()) {
            if (it.next() instanceof Outgoing.OutputBatch b && (!inFlight || b != queue.peekFirst())) {
                it.remove();
                b.run.log(b.stepId).droppedLines += b.lines.size();
                b.run.log(b.stepId).shownInFull = false;
                return b.lines.size();
            }
        }
        return -1;
    }

    boolean hasWorkFor(MirroredRun run) {
        return queue.stream().anyMatch(o -> o.run == run);
    }

    static Duration backoff(int attempts, Duration max) {
        long seconds = 1L << Math.min(attempts - 1, 16);
        Duration d = Duration.ofSeconds(seconds);
        return d.compareTo(max) > 0 ? max : d;
    }
}
