package dev.opsbook.jdbc;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.audit.RecordedEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Group commit: one writer thread takes every event waiting in the queue (up to {@code maxBatch}),
 * links them onto the chain and inserts them in a single transaction, then releases their callers.
 * Each caller still returns only after its own event committed. {@link ChainAppend} holds the SQL. A caller
 * may append several events at once and give statements for the same transaction (a run's state, {@link
 * JdbcRunStore#saveWith}): its events stay together and its statements run after the chain insert.
 *
 * <p>Two shortcuts for the common case of one process appending alone (a CLI run, bench/execution-README.md): a
 * platform thread that finds nothing queued and nobody writing writes its append itself (no hand-over to the
 * writer thread and back); and once this writer knows the head it left, an append goes as one pipeline against
 * that head (check, insert, head move, statements, commit: one round trip), falling back to reading the head
 * under its lock when another process appended since. Virtual threads always hand over: an interrupted virtual
 * thread would close the connection's socket in the middle of a write.
 */
final class GroupCommitWriter implements AutoCloseable {
    private record Pending(List<AuditEvent> events, List<BoundStatement> then, CompletableFuture<List<RecordedEvent>> done) {}

    private static final Pending CLOSE = new Pending(null, null, null);

    private final DataSource dataSource;
    private final Clock clock;
    private final ThreadFactory threads;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    /** Held while a batch is written, by the writer thread or a caller writing its own append. */
    private final ReentrantLock writing = new ReentrantLock();
    /** The head this writer's last committed append left, if nothing failed since; guarded by {@link #writing}. */
    private ChainAppend.Head head;
    private Thread thread;
    private boolean closed;

    private final java.util.Optional<dev.opsbook.audit.AuditKey> key;

    GroupCommitWriter(DataSource dataSource, Clock clock, ThreadFactory threads, int maxBatch,
                      java.util.Optional<dev.opsbook.audit.AuditKey> key) {
        this.key = key;
        this.dataSource = dataSource;
        this.clock = clock;
        this.threads = threads;
        this.maxBatch = maxBatch;
    }

    /** Appends {@code events} in order in one transaction, running {@code then} in it after them. */
    List<RecordedEvent> append(List<AuditEvent> events, List<BoundStatement> then) {
        Pending pending = new Pending(List.copyOf(events), List.copyOf(then), new CompletableFuture<>());
        boolean direct;
        synchronized (lifecycle) {
            if (closed) {
                throw new AuditWriteException("the audit log is closed; " + events.getFirst().action() + " was not recorded", null);
            }
            Thread caller = Thread.currentThread();
            direct = queue.isEmpty() && !caller.isVirtual() && !caller.isInterrupted() && writing.tryLock();
            if (!direct) {
                if (thread == null) {
                    thread = threads.newThread(this::loop);
                    thread.start();
                }
                queue.add(pending);
            }
        }
        if (direct) {
            try {
                writeOrFail(List.of(pending));
            } finally {
                writing.unlock();
            }
        }
        return await(pending.done());
    }

    private static List<RecordedEvent> await(CompletableFuture<List<RecordedEvent>> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the write is in flight: its outcome must still be reported
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuditUnavailableException down) {
                        throw new AuditUnavailableException(down.getMessage(), down);
                    }
                    if (e.getCause() instanceof AuditWriteException write) {
                        throw new AuditWriteException(write.getMessage(), write);
                    }
                    throw new AuditWriteException("audit write failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the writer, through the CLOSE marker
            }
            drainEvents(batch);
            boolean closing = batch.remove(CLOSE);
            if (!batch.isEmpty()) {
                writing.lock();
                try {
                    writeOrFail(batch);
                } finally {
                    writing.unlock();
                }
            }
            if (closing) {
                return;
            }
        }
    }

    /** Adds queued appends while the batch holds fewer than {@code maxBatch} events (the first is always taken). */
    private void drainEvents(List<Pending> batch) {
        int events = batch.getFirst().events() == null ? 0 : batch.getFirst().events().size();
        for (Pending next = queue.peek(); next != null && (next == CLOSE || events + next.events().size() <= maxBatch); next = queue.peek()) {
            batch.add(queue.poll());
            if (next != CLOSE) {
                events += next.events().size();
            }
        }
    }

    private void writeOrFail(List<Pending> batch) {
        try {
            write(batch);
        } catch (Throwable t) { // never leave a caller waiting on a dead writer
            head = null;
            AuditWriteException failure = new AuditWriteException("audit writer failed: " + t, t);
            batch.forEach(p -> p.done().completeExceptionally(failure));
        }
    }

    private void write(List<Pending> batch) {
        List<AuditEvent> events = batch.stream().flatMap(p -> p.events().stream()).toList();
        List<BoundStatement> then = batch.stream().flatMap(p -> p.then().stream()).toList();
        ChainAppend.Head expected = head;
        head = null; // set again only by a commit seen to succeed
        if (expected != null && then.stream().allMatch(s -> s.expectedRows() < 0)) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                List<RecordedEvent> linked = ChainAppend.insertAfter(c, expected, events, clock, key, then);
                complete(batch, linked);
                return;
            } catch (SQLException e) {
                if (Outages.isOutage(e)) {
                    fail(batch, e);
                    return;
                } // else another process appended since, or something in the batch is refused: the locked path tells which
            } catch (RuntimeException e) {
                fail(batch, e);
                return;
            }
        }
        List<RecordedEvent> linked;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                linked = ChainAppend.insert(c, events, clock, key);
                BoundStatement.executeAll(c, then);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c);
                throw e;
            }
        } catch (SQLException e) {
            if (batch.size() > 1 && isAboutOneEvent(e)) {
                batch.forEach(p -> write(List.of(p))); // one bad event must not fail the others
                return;
            }
            fail(batch, e);
            return;
        } catch (RuntimeException e) {
            fail(batch, e);
            return;
        }
        complete(batch, linked);
    }

    private void complete(List<Pending> batch, List<RecordedEvent> linked) {
        head = new ChainAppend.Head(linked.getLast().sequence(), linked.getLast().hash());
        int from = 0;
        for (Pending p : batch) {
            p.done().complete(linked.subList(from, from + p.events().size()));
            from += p.events().size();
        }
    }

    /** Data and constraint errors (SQLSTATE classes 22 and 23) concern an event, not the connection. */
    private static boolean isAboutOneEvent(SQLException e) {
        for (SQLException sql = e; sql != null; sql = sql.getNextException()) {
            String state = sql.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private void fail(List<Pending> batch, Exception e) {
        if (Outages.isOutage(e)) {
            Outages.markDown(dataSource);
        }
        AuditWriteException failure = Outages.isOutage(e)
                ? new AuditUnavailableException("audit log unavailable (" + Outages.describe(dataSource) + " stopped answering)",
                        new AuditWriteException("could not record " + describe(batch) + ": " + Database.rootMessage(e), e))
                : new AuditWriteException("could not record " + describe(batch) + " in the audit log: " + Database.rootMessage(e), e);
        batch.forEach(p -> p.done().completeExceptionally(failure));
    }

    private static String describe(List<Pending> batch) {
        String first = batch.getFirst().events().getFirst().action();
        int count = batch.stream().mapToInt(p -> p.events().size()).sum();
        return count == 1 ? first : first + " and " + (count - 1) + " other event(s)";
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the server discards the open transaction
        }
    }

    /** Writes what is already queued, then stops the writer; later appends fail. */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = thread;
            if (running != null) {
                queue.add(CLOSE);
            }
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writing.lock(); // a caller writing its own append finishes first
        writing.unlock();
    }
}
