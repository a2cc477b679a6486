package dev.opsbook.engine;

import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.jdbc.JdbcRunOutput;
import dev.opsbook.jdbc.JdbcRunOutput.StoredLine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares the redacted output of the runs this process drives through {@link JdbcRunOutput}, so run pages on every
 * replica can follow them. Lines are buffered and written in batches on {@code writer} every {@code every} (200 ms in
 * the engine); a step's lines are all stored before its result is (the journal flushes, waiting, when a step finishes),
 * so a page that sees a step finished has its output. At most {@code maxLinesPerStep} lines of a step are stored; then
 * a notice, and when the step finishes a marker "… N lines truncated, full log on the driving host (host: path)".
 * A failed write is logged and retried with the next batch (up to {@value #MAX_PENDING} lines are kept waiting).
 */
public final class OutputJournal implements ExecutionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputJournal.class);
    static final int MAX_PENDING = 100_000;
    private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

    private static final class StepCount {
        long stored;
        long dropped;
        long reported;
    }

    private static final class RunLines {
        long seq;
        final Map<String, StepCount> steps = new HashMap<>();

        RunLines(long seq) {
            this.seq = seq;
        }
    }

    private final JdbcRunOutput store;
    private final Clock clock;
    private final int maxLinesPerStep;
    private final Path runsDir;
    private final String host;
    private final ScheduledExecutorService writer;
    private final Map<String, RunLines> runs = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private List<StoredLine> pending = new ArrayList<>();
    /** Lines taken from {@link #pending} by a flush that has not finished yet (guarded by {@link #lock}). */
    private int writing;

    public OutputJournal(JdbcRunOutput store, Clock clock, int maxLinesPerStep, Path runsDir, String host,
                         ScheduledExecutorService writer, Duration every) {
        this.store = store;
        this.clock = clock;
        this.maxLinesPerStep = maxLinesPerStep;
        this.runsDir = runsDir;
        this.host = host;
        this.writer = writer;
        writer.scheduleWithFixedDelay(this::flush, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void on(ExecutionEvent event) {
        String runId = event.run().id().value();
        switch (event) {
            case ExecutionEvent.RunStarted e -> runs.put(runId, new RunLines(e.resumed() ? store.lastSeq(runId) : 0));
            case ExecutionEvent.StepOutput e -> line(runId, e.step().id(), e.line().text());
            case ExecutionEvent.StepFinished e -> {
                stepEnded(runId, e.step().id());
                flushAndWait();
            }
            case ExecutionEvent.RunFinished e -> {
                flushAndWait();
                runs.remove(runId);
            }
            default -> { }
        }
    }

    private void line(String runId, String stepId, String text) {
        RunLines run = runs.computeIfAbsent(runId, id -> new RunLines(store.lastSeq(id)));
        synchronized (lock) {
            StepCount count = run.steps.computeIfAbsent(stepId, s -> new StepCount());
            if (count.stored < maxLinesPerStep) {
                count.stored++;
                add(runId, run, stepId, text);
            } else if (count.dropped++ == 0) {
                add(runId, run, stepId, "… more than " + maxLinesPerStep + " lines: the rest of this step's output is not"
                        + " shared; full log on the driving host (" + where(runId, stepId) + ")");
            }
        }
    }

    private void stepEnded(String runId, String stepId) {
        RunLines run = runs.get(runId);
        if (run == null) {
            return;
        }
        synchronized (lock) {
            StepCount count = run.steps.get(stepId);
            if (count != null && count.dropped > count.reported) {
                add(runId, run, stepId, "… " + (count.dropped - count.reported) + " lines truncated, full log on the driving host ("
                        + where(runId, stepId) + ")");
                count.reported = count.dropped;
            }
        }
    }

    private void add(String runId, RunLines run, String stepId, String text) {
        if (pending.size() >= MAX_PENDING) {
            return; // the database has been failing for a while; the log file on this host keeps everything
        }
        pending.add(new StoredLine(runId, ++run.seq, stepId, text, clock.instant()));
    }

    private String where(String runId, String stepId) {
        return host + ": " + runsDir.resolve(runId).resolve("logs").resolve(stepId.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
    }

    /** Writes what is pending; on the writer thread only, so batches reach the database in order. */
    private void flush() {
        List<StoredLine> batch;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new ArrayList<>();
            writing = batch.size();
        }
        try {
            store.append(batch);
            synchronized (lock) {
                writing = 0;
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot share {} output lines with other replicas yet (retrying): {}", batch.size(), e.getMessage());
            synchronized (lock) {
                batch.addAll(pending);
                pending = batch;
                writing = 0;
            }
        }
    }

    private boolean allWritten() {
        synchronized (lock) {
            return pending.isEmpty() && writing == 0;
        }
    }

    /** Flushes on the writer thread and waits for it (at most 5 s), even when the calling run thread is interrupted. */
    private void flushAndWait() {
        if (allWritten()) {
            return; // nothing to wait for (a step that printed nothing): no hand-over to the writer thread
        }
        if (store.databaseDown()) {
            return; // the log file on this host has every line; the database gets them when it answers again
        }
        boolean interrupted = Thread.interrupted();
        try {
            Future<?> done = writer.submit(this::flush);
            long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
            while (true) {
                try {
                    done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException | TimeoutException e) {
                    LOG.warn("output lines were not shared in time: {}", e.toString());
                    return;
                }
            }
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            flush();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Writes what is pending, then stops the writer. */
    @Override
    public void close() {
        if (store.databaseDown()) {
            writer.shutdownNow();
            return;
        }
        writer.shutdown();
        try {
            writer.awaitTermination(FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
