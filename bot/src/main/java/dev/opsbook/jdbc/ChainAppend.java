package dev.opsbook.jdbc;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.HashChain;
import dev.opsbook.audit.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import dev.opsbook.audit.AuditKey;

/**
 * The statements of one append transaction. Read under lock ({@link #insert}), two round trips before the commit:
 * lock the chain head row (forcing a synchronous commit), then insert the linked events and move the head in one
 * statement. Against the head this process left ({@link #insertAfter}), one round trip including the commit. The head lock serialises appenders across processes; sequence numbers are assigned
 * under it, so they are gap-free. With an audit key the new head is signed (V16), so a head moved by
 * anything but an opsbook process holding the key fails {@code opsbook audit verify}.
 */
final class ChainAppend {
    private static final int QUERY_TIMEOUT_SECONDS = 30;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)";
    private static final int COLUMNS = 18;

    private ChainAppend() {}

    /** The head an append left: the newest event's sequence number and hash. */
    record Head(long sequence, String hash) {}

    /** Links {@code events} after the current head, read under its lock, and inserts them; the caller commits. */
    static List<RecordedEvent> insert(Connection c, List<AuditEvent> events, Clock clock, Optional<AuditKey> key) throws SQLException {
        long sequence;
        String previous;
        try (PreparedStatement lock = c.prepareStatement("SELECT set_config('synchronous_commit', 'on', true), "
                + "last_sequence, last_hash, signature, key_id FROM audit_chain_head FOR UPDATE")) {
            lock.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet head = lock.executeQuery()) {
                if (!head.next()) {
                    throw new SQLException("audit_chain_head has no row: the audit schema was damaged");
                }
                sequence = head.getLong(2);
                previous = head.getString(3);
                checkSigned(key, sequence, previous, head.getString(4), head.getString(5));
            }
        }
        List<RecordedEvent> linked = link(events, clock, new Head(sequence, previous));
        try (PreparedStatement ps = c.prepareStatement(sql(events.size()))) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            bind(ps, 0, linked, key);
            ps.executeUpdate();
        }
        return linked;
    }

    /**
     * One round trip and one commit: links {@code events} after {@code expected}, the head this process's last append
     * left, and sends the head check (V24's {@code audit_lock_expected_head}), the insert with the head's move and
     * {@code then} as one pipeline that PostgreSQL runs as one implicit transaction, committed at its end. {@code c}
     * must be in auto-commit mode. When another process appended since, the check (or the insert's key) fails the
     * whole transaction and nothing of it is stored; the caller then appends with {@link #insert}.
     */
    static List<RecordedEvent> insertAfter(Connection c, Head expected, List<AuditEvent> events, Clock clock, Optional<AuditKey> key,
                                           List<BoundStatement> then) throws SQLException {
        List<RecordedEvent> linked = link(events, clock, expected);
        StringBuilder sql = new StringBuilder("SELECT audit_lock_expected_head(?, ?);\n").append(sql(events.size()));
        for (BoundStatement s : then) {
            if (s.expectedRows() >= 0) {
                throw new IllegalArgumentException("a pipelined statement cannot check its update count: " + s.sql());
            }
            sql.append(";\n").append(s.sql());
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) { // waits: the check's lock_timeout (V24)
            ps.setLong(1, expected.sequence());
            ps.setString(2, expected.hash());
            int offset = bind(ps, 2, linked, key);
            for (BoundStatement s : then) {
                offset = s.bind(ps, offset);
            }
            ps.execute();
        }
        return linked;
    }

    private static List<RecordedEvent> link(List<AuditEvent> events, Clock clock, Head after) {
        List<RecordedEvent> linked = new ArrayList<>(events.size());
        long sequence = after.sequence();
        String previous = after.hash();
        for (AuditEvent event : events) {
            RecordedEvent r = HashChain.link(++sequence, clock.instant(), previous, event);
            linked.add(r);
            previous = r.hash();
        }
        return linked;
    }

    /** Binds the rows of {@link #sql} and the new head from parameter {@code offset + 1}; returns the offset after them. */
    private static int bind(PreparedStatement ps, int offset, List<RecordedEvent> linked, Optional<AuditKey> key) throws SQLException {
        int o = offset;
        for (RecordedEvent r : linked) {
            AuditEventRows.bind(ps, o, r);
            o += COLUMNS;
        }
        RecordedEvent last = linked.getLast();
        ps.setLong(o + 1, last.sequence());
        ps.setString(o + 2, last.hash());
        Optional<AuditKey> signer = key.filter(AuditKey::canSign);
        ps.setString(o + 3, signer.isPresent() ? signer.get().sign(AuditKey.headMessage(last.sequence(), last.hash())) : null);
        ps.setString(o + 4, signer.map(AuditKey::id).orElse(null));
        return o + 4;
    }

    /**
     * A keyed appender links only to a head opsbook signed: appending after a head moved outside opsbook would
     * cover the forgery with a fresh signature. (Unsigned heads come from before signing began; once a head is
     * signed, V16's trigger refuses unsigned ones.)
     */
    private static void checkSigned(Optional<AuditKey> key, long sequence, String hash, String signature, String keyId)
            throws SQLException {
        if (key.isEmpty() || signature == null || sequence == 0) {
            return;
        }
        if (!key.get().id().equals(keyId) || !key.get().verifies(AuditKey.headMessage(sequence, hash), signature)) {
            throw new SQLException("the audit chain head (sequence " + sequence + ") is not signed by audit key " + key.get().id()
                    + ": it was moved outside opsbook; nothing is appended until it is investigated (opsbook audit verify)",
                    "OB001");
        }
    }

    private static String sql(int rows) {
        StringBuilder sql = new StringBuilder(64 + rows * (ROW.length() + 1))
                .append("WITH inserted AS (INSERT INTO audit_event (").append(AuditEventRows.COLUMNS).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ",").append(ROW);
        }
        return sql.append(") UPDATE audit_chain_head SET last_sequence = ?, last_hash = ?, signature = ?, key_id = ?").toString();
    }
}
