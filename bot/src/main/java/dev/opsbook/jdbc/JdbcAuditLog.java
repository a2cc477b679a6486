package dev.opsbook.jdbc;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditKey;
import dev.opsbook.audit.AuditSigning;
import dev.opsbook.audit.Checkpoint;
import java.util.Optional;
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
        this(dataSource, clock, writerThread, AuditSigning.NONE);
    }

    public JdbcAuditLog(DataSource dataSource, Clock clock, AuditSigning signing) {
        this(dataSource, clock, r -> {
            Thread t = new Thread(r, "opsbook-audit-writer");
            t.setDaemon(true);
            return t;
        }, signing);
    }

    /** With {@code signing}: heads signed on every append, checkpoints after sensitive events (see {@link AuditSigning}). */
    public JdbcAuditLog(DataSource dataSource, Clock clock, ThreadFactory writerThread, AuditSigning signing) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.signing = signing;
        this.writer = new GroupCommitWriter(dataSource, clock, writerThread, MAX_BATCH, signing.key());
    }

    private final Clock clock;
    private final AuditSigning signing;
    private final List<Consumer<Checkpoint>> checkpointObservers = new CopyOnWriteArrayList<>();

    /** Tells {@code observer} about every checkpoint this process appends (the chat mirror). It must not throw. */
    public void onCheckpoint(Consumer<Checkpoint> observer) {
        checkpointObservers.add(observer);
    }

    /**
     * Signs the current head and appends it to the checkpoint log (the server's schedule, {@code opsbook audit
     * checkpoint}); empty without a signing key or log, or when the log is empty.
     */
    public Optional<Checkpoint> checkpoint() {
        ChainHead head = head();
        if (head.sequence() == 0 || signing.key().filter(AuditKey::canSign).isEmpty() || signing.checkpoints().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(checkpoint(head.sequence(), head.hash()));
    }

    private Checkpoint checkpoint(long sequence, String hash) {
        Checkpoint c = Checkpoint.sign(signing.key().orElseThrow(), sequence, hash, clock.instant());
        signing.checkpoints().orElseThrow().append(c);
        for (Consumer<Checkpoint> o : checkpointObservers) {
            try {
                o.accept(c);
            } catch (RuntimeException e) {
                System.err.println("warning: audit checkpoint observer failed: " + e);
            }
        }
        return c;
    }

    public AuditSigning signing() {
        return signing;
    }

    @Override
    public RecordedEvent append(AuditEvent event) {
        return appendAll(List.of(event)).getFirst();
    }

    /** In one transaction: all of them or none. */
    @Override
    public List<RecordedEvent> appendAll(List<AuditEvent> events) {
        return appendAll(events, List.of());
    }

    /** Whether this log writes to {@code other}: work on it can share an append's transaction. */
    boolean writesTo(DataSource other) {
        return dataSource == other;
    }

    /** Appends {@code events} and runs {@code then} in the same transaction (a run's state: {@link JdbcRunStore#saveWith}). */
    List<RecordedEvent> appendAll(List<AuditEvent> events, List<BoundStatement> then) {
        if (events.isEmpty()) {
            Transactions.run(dataSource, "save", c -> {
                BoundStatement.executeAll(c, then);
                return null;
            });
            return List.of();
        }
        List<RecordedEvent> recorded = writer.append(events, then);
        for (RecordedEvent r : recorded) {
            announce(r);
        }
        return recorded;
    }

    private void announce(RecordedEvent recorded) {
        if (signing.checkpoints(recorded.event().action())) {
            try {
                checkpoint(recorded.sequence(), recorded.hash());
            } catch (RuntimeException e) { // the event is recorded; the next checkpoint covers it
                System.err.println("warning: " + e.getMessage());
            }
        }
        for (Consumer<RecordedEvent> observer : observers) {
            try {
                observer.accept(recorded);
            } catch (RuntimeException e) {
                System.err.println("warning: audit observer " + observer.getClass().getSimpleName() + " failed: " + e);
            }
        }
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

    /** Streams the latest {@code limit} events with {@code action} ({@code drill.finished}), newest first. */
    public void readLatest(String action, int limit, Consumer<RecordedEvent> sink) {
        stream("SELECT " + AuditEventRows.COLUMNS + " FROM audit_event WHERE action = ? ORDER BY sequence DESC LIMIT ?",
                ps -> {
                    ps.setString(1, action);
                    ps.setInt(2, limit);
                }, sink);
    }

    /** The chain head as recorded by the last append: its sequence number and hash (0 and 64 zeros when empty). */
    public ChainHead head() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_sequence, last_hash, signature, key_id FROM audit_chain_head");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new AuditReadException("audit_chain_head has no row: the audit schema was damaged", null);
            }
            return new ChainHead(rs.getLong(1), rs.getString(2), Optional.ofNullable(rs.getString(3)), Optional.ofNullable(rs.getString(4)));
        } catch (SQLException e) {
            throw new AuditReadException("cannot read the audit chain head: " + Database.rootMessage(e), e);
        }
    }

    /** The newest event as the appenders recorded it, independent of the rows in {@code audit_event}. */
    public record ChainHead(long sequence, String hash, Optional<String> signature, Optional<String> keyId) {
        /** Whether {@code key} signed this head (an append by an opsbook process holding the key). */
        public boolean signedBy(AuditKey key) {
            return signature.isPresent() && keyId.equals(Optional.of(key.id()))
                    && key.verifies(AuditKey.headMessage(sequence, hash), signature.get());
        }
    }

    private void stream(String sql, PrefetchingReader.Binder binder, Consumer<RecordedEvent> sink) {
        PrefetchingReader.stream(dataSource, sql, binder, sink);
    }

    /** Finishes the appends already queued; later appends fail. Does not close the data source. */
    @Override
    public void close() {
        writer.close();
    }
}
