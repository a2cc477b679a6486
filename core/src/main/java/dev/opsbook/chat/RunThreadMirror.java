package dev.opsbook.chat;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Mirrors runs into chat: one parent message per run, updated in place with its status, and a
 * thread with the plan, step starts and finishes, batched output, approval requests, votes and
 * the result.
 *
 * <p>{@link #publish} only queues and never blocks or throws, so a chat outage cannot hold up a
 * run. {@link #pump} (called every few hundred milliseconds, see {@link #start}) sends what is due:
 * at most one call per channel per {@link MirrorSettings#minInterval()}, consecutive output of a
 * step merged into one message, failed calls retried with backoff (or after the platform's
 * Retry-After) so the thread catches up once chat is back. Time comes from the injected clock.
 */
public final class RunThreadMirror {
    private static final System.Logger LOG = System.getLogger(RunThreadMirror.class.getName());

    private final ChatGateway gateway;
    private final Clock clock;
    private final MirrorSettings settings;
    private final ApprovalMessageIndex index;
    private final Map<String, MirroredRun> runs = new HashMap<>();
    private final Map<ChatThread, ChannelOutbox> outboxes = new LinkedHashMap<>();
    private final MirrorUpdates updates;

    public RunThreadMirror(ChatGateway gateway, Clock clock, MirrorSettings settings, ApprovalMessageIndex index) {
        this.gateway = gateway;
        this.clock = clock;
        this.settings = settings;
        this.index = index;
        this.updates = new MirrorUpdates(settings, new MirrorUpdates.Sink() {
            @Override
            public void enqueue(Outgoing op) {
                RunThreadMirror.this.enqueue(op);
            }

            @Override
            public Outgoing.OutputBatch openBatch(MirroredRun run, String stepId) {
                return outboxes.computeIfAbsent(run.channel, c -> new ChannelOutbox()).openBatch(run, stepId);
            }
        });
    }

    /** Mirrors run {@code runId} into {@code channel} from now on; updates of runs not followed are ignored. */
    public synchronized void follow(String runId, ChatThread channel) {
        runs.putIfAbsent(runId, new MirroredRun(runId, channel.channelOnly()));
    }

    /**
     * Mirrors run {@code runId} into an existing thread (an incident card's): its status message and everything
     * else go into that thread instead of a new message in the channel. Without a thread id, like {@link #follow}.
     */
    public synchronized void followInThread(String runId, ChatThread thread) {
        runs.putIfAbsent(runId, new MirroredRun(runId, thread));
    }

    /** Whether updates of {@code runId} still reach its thread (it is followed and not finished and flushed). */
    public synchronized boolean follows(String runId) {
        return runs.containsKey(runId);
    }

    /**
     * Where run {@code runId}'s thread is: the thread this mirror posts into while it follows the run, else
     * the one remembered when its parent message was posted (by this or another replica); empty when the run
     * was never mirrored into chat or its parent message never went out.
     */
    public Optional<ChatThread> threadOf(String runId) {
        synchronized (this) {
            MirroredRun run = runs.get(runId);
            if (run != null && run.parent.isPresent()) {
                return Optional.of(run.thread());
            }
        }
        try {
            return index.threadOf(runId).map(ChatThread::under);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not look up the chat thread of run " + runId + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Queues what {@code update} means for the thread of {@code runId}. Never blocks on chat, never throws. */
    public void publish(String runId, RunUpdate update) {
        try {
            synchronized (this) {
                MirroredRun run = runs.get(runId);
                if (run != null) {
                    updates.apply(run, update);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "could not mirror " + update.getClass().getSimpleName() + " of run " + runId, e);
        }
    }

    /** Sends every call that is due now, at most one per channel. Call from one thread at a time. */
    public void pump() {
        List<Sending> batch = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (ChannelOutbox outbox : outboxes.values()) {
                while (outbox.due(now)) {
                    Outgoing op = outbox.queue.peekFirst();
                    Outgoing.Delivery delivery = op.prepare(settings, index);
                    if (delivery == null) {
                        outbox.queue.pollFirst();
                        continue;
                    }
                    outbox.inFlight = true;
                    batch.add(new Sending(outbox, op, delivery));
                    break;
                }
            }
        }
        for (Sending s : batch) {
            s.send();
        }
        synchronized (this) {
            runs.values().removeIf(r -> r.finished && outboxes.values().stream().noneMatch(o -> o.hasWorkFor(r)));
        }
    }

    /** Calls {@link #pump} every {@code period} on {@code scheduler} until the returned future is cancelled. */
    public ScheduledFuture<?> start(ScheduledExecutorService scheduler, Duration period) {
        return scheduler.scheduleWithFixedDelay(() -> {
            try {
                pump();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "chat mirror pump failed", e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Calls still waiting to be sent, over all channels. */
    public synchronized int pending() {
        return outboxes.values().stream().mapToInt(o -> o.queue.size()).sum();
    }

    private void enqueue(Outgoing op) {
        ChannelOutbox outbox = outboxes.computeIfAbsent(op.run.channel, c -> new ChannelOutbox());
        if (op instanceof Outgoing.ParentUpdate && outbox.hasParentUpdate(op.run)) {
            return;
        }
        if (outbox.queue.size() >= settings.maxQueuedPerChannel()) {
            if (op instanceof Outgoing.OutputBatch b) {
                b.run.log(b.stepId).droppedLines += b.lines.size();
                b.run.log(b.stepId).shownInFull = false;
                return;
            }
            if (outbox.dropOldestOutput() < 0 && op instanceof Outgoing.ThreadPost p && p.droppable()) {
                op.run.droppedMessages++;
                return;
            }
        }
        outbox.queue.addLast(op);
    }

    private final class Sending {
        private final ChannelOutbox outbox;
        private final Outgoing op;
        private final Outgoing.Delivery delivery;

        Sending(ChannelOutbox outbox, Outgoing op, Outgoing.Delivery delivery) {
            this.outbox = outbox;
            this.op = op;
            this.delivery = delivery;
        }

        void send() {
            MessageRef ref = null;
            RuntimeException failure = null;
            try {
                ref = delivery.call().send(gateway);
            } catch (RuntimeException e) {
                failure = e;
            }
            synchronized (RunThreadMirror.this) {
                Instant now = clock.instant();
                outbox.inFlight = false;
                if (failure == null) {
                    outbox.queue.remove(op);
                    delivery.whenSent().accept(ref);
                    outbox.nextAt = now.plus(settings.minInterval());
                    return;
                }
                op.attempts++;
                Optional<Duration> hint = failure instanceof ChatDeliveryException c ? c.retryAfter() : Optional.empty();
                boolean retryable = !(failure instanceof ChatDeliveryException c) || c.retryable();
                if (!retryable || op.attempts >= settings.maxAttempts()) {
                    outbox.queue.remove(op);
                    LOG.log(Level.WARNING, "gave up sending " + delivery.what() + " of run " + op.run.runId
                            + " after " + op.attempts + " attempt(s): " + failure.getMessage());
                    outbox.nextAt = now.plus(settings.minInterval());
                    return;
                }
                Duration wait = hint.orElseGet(() -> ChannelOutbox.backoff(op.attempts, settings.maxBackoff()));
                outbox.nextAt = now.plus(wait);
                LOG.log(Level.INFO, "chat unavailable for " + delivery.what() + " of run " + op.run.runId
                        + " (attempt " + op.attempts + ", retrying in " + wait.toSeconds() + "s): " + failure.getMessage());
            }
        }
    }
}
