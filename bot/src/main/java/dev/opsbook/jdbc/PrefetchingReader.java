package dev.opsbook.jdbc;

import dev.opsbook.audit.AuditReadException;
import dev.opsbook.audit.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Streams query results to a sink on the caller's thread while a reader thread fetches and decodes
 * the next rows, so database, decoding and the sink's work (hashing, for verify) overlap. Memory is
 * bounded: a cursor with a fixed fetch size and at most {@code QUEUED_CHUNKS} decoded chunks.
 * Exceptions from the sink propagate unchanged and stop the reader.
 */
final class PrefetchingReader {
    private static final int CHUNK = 256;
    private static final int QUEUED_CHUNKS = 4;
    private static final List<RecordedEvent> END = List.of();

    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private final BlockingQueue<List<RecordedEvent>> chunks = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
    private volatile boolean cancelled;
    private RuntimeException failure; // written by the reader before END is queued

    private PrefetchingReader() {}

    static void stream(DataSource dataSource, String sql, Binder binder, Consumer<RecordedEvent> sink) {
        PrefetchingReader reader = new PrefetchingReader();
        Thread fetcher = Thread.ofPlatform().daemon().name("opsbook-audit-reader")
                .start(() -> reader.fetch(dataSource, sql, binder));
        try {
            reader.deliver(sink);
        } finally {
            reader.cancelled = true;
            reader.chunks.clear();
            joinUninterruptibly(fetcher);
        }
    }

    private void deliver(Consumer<RecordedEvent> sink) {
        while (true) {
            List<RecordedEvent> chunk;
            try {
                chunk = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AuditReadException("interrupted while reading the audit log", e);
            }
            if (chunk == END) {
                if (failure != null) {
                    throw failure;
                }
                return;
            }
            chunk.forEach(sink);
        }
    }

    private void fetch(DataSource dataSource, String sql, Binder binder) {
        List<RecordedEvent> chunk = new ArrayList<>(CHUNK);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // PostgreSQL uses a cursor for the fetch size only inside a transaction
            c.setReadOnly(true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(CHUNK);
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (!cancelled && rs.next()) {
                        chunk.add(AuditEventRows.read(rs));
                        if (chunk.size() == CHUNK) {
                            offer(chunk);
                            chunk = new ArrayList<>(CHUNK);
                        }
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            failure = new AuditReadException("cannot read the audit log: " + Database.rootMessage(e), e);
        } catch (RuntimeException e) {
            failure = e; // a malformed row: AuditReadException naming its sequence
        } finally {
            if (!chunk.isEmpty()) {
                offer(chunk); // the rows before a failure are delivered first
            }
            offer(END);
        }
    }

    /** Queues a chunk, waiting while the queue is full, unless the consumer has stopped. */
    private void offer(List<RecordedEvent> chunk) {
        try {
            while (!cancelled) {
                if (chunks.offer(chunk, 50, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            cancelled = true;
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
