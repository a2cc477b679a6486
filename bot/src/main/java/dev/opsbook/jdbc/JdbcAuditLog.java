package dev.opsbook.jdbc;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditReadException;
import dev.opsbook.audit.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.ThreadFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The audit log in PostgreSQL (table {@code audit_event}, V1__audit_log.sql). Appends go through a
 * group-commit writer thread, started on the first append: concurrent appends share one transaction,
 * each returns after that transaction committed, and any SQL failure fails every event of the
 * transaction with {@link dev.opsbook.audit.AuditWriteException} and leaves nothing of it stored.
 * Several processes may append to one database. Reads stream with a cursor in bounded memory, a
 * reader thread fetching ahead while the sink runs on the caller's thread.
 */
public final class JdbcAuditLog implements AuditLog, AutoCloseable {
    private static final int MAX_BATCH = 1_000;

    private final DataSource dataSource;
    private final GroupCommitWriter writer;
    private final List<Consumer<RecordedEvent>> observers = new CopyOnWriteArrayList<>();

    public JdbcAuditLog(DataSource dataSource, Clock clock) {
        this(dataSource, clock, r -> {
            Thread t = new Thread(r, "opsbook-audit-writer");
            t.setDaemon(true);
            return t;
        });
    }

    public JdbcAuditLog(DataSource dataSource, Clock clock, ThreadFactory writerThread) {
        this.dataSource = dataSource;
        this.writer = new GroupCommitWriter(dataSource, clock, writerThread, MAX_BATCH);
    }

    @Override
    public RecordedEvent append(AuditEvent event) {
        RecordedEvent recorded = writer.append(event);
        for (Consumer<RecordedEvent> observer : observers) {
            try {
                observer.accept(recorded);
            } catch (RuntimeException e) {
                System.err.println("warning: audit observer " + observer.getClass().getSimpleName() + " failed: " + e);
            }
        }
        return recorded;
    }

    /**
     * Tells {@code observer} about every event this process appends, after it is durable, on the
     * appending thread (metrics). An observer must be quick; one that throws is reported and skipped.
     */
    public void observe(Consumer<RecordedEvent> observer) {
        observers.add(observer);
    }

    @Override
    public void read(long fromSequence, Consumer<RecordedEvent> sink) {
        stream("SELECT " + AuditEventRows.COLUMNS + " FROM audit_event WHERE sequence >= ? ORDER BY sequence",
                ps -> ps.setLong(1, fromSequence), sink);
    }

    /** Streams the events of one run in sequence order. */
    public void readRun(String runId, Consumer<RecordedEvent> sink) {
        stream("SELECT " + AuditEventRows.COLUMNS + " FROM audit_event WHERE run_id = ? ORDER BY sequence",
                ps -> ps.setString(1, runId), sink);
    }

    /** The chain head as recorded by the last append: its sequence number and hash (0 and 64 zeros when empty). */
    public ChainHead head() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_sequence, last_hash FROM audit_chain_head");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new AuditReadException("audit_chain_head has no row: the audit schema was damaged", null);
            }
            return new ChainHead(rs.getLong(1), rs.getString(2));
        } catch (SQLException e) {
            throw new AuditReadException("cannot read the audit chain head: " + Database.rootMessage(e), e);
        }
    }

    /** The newest event as the appenders recorded it, independent of the rows in {@code audit_event}. */
    public record ChainHead(long sequence, String hash) {}

    private void stream(String sql, PrefetchingReader.Binder binder, Consumer<RecordedEvent> sink) {
        PrefetchingReader.stream(dataSource, sql, binder, sink);
    }

    /** Finishes the appends already queued; later appends fail. Does not close the data source. */
    @Override
    public void close() {
        writer.close();
    }
}
