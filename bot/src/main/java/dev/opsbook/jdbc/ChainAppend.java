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
 * The statements of one append transaction, two round trips before the commit: lock the chain head
 * row (forcing a synchronous commit), then insert the linked events and move the head in one
 * statement. The head lock serialises appenders across processes; sequence numbers are assigned
 * under it, so they are gap-free. With an audit key the new head is signed (V16), so a head moved by
 * anything but an opsbook process holding the key fails {@code opsbook audit verify}.
 */
final class ChainAppend {
    private static final int QUERY_TIMEOUT_SECONDS = 30;
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)";
    private static final int COLUMNS = 18;

    private ChainAppend() {}

    /** Links {@code events} after the current head and inserts them; the caller commits. */
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
        List<RecordedEvent> linked = new ArrayList<>(events.size());
        try (PreparedStatement ps = c.prepareStatement(sql(events.size()))) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (AuditEvent event : events) {
                RecordedEvent r = HashChain.link(++sequence, clock.instant(), previous, event);
                AuditEventRows.bind(ps, linked.size() * COLUMNS, r);
                linked.add(r);
                previous = r.hash();
            }
            ps.setLong(events.size() * COLUMNS + 1, sequence);
            ps.setString(events.size() * COLUMNS + 2, previous);
            Optional<AuditKey> signer = key.filter(AuditKey::canSign);
            ps.setString(events.size() * COLUMNS + 3, signer.isPresent() ? signer.get().sign(AuditKey.headMessage(sequence, previous)) : null);
            ps.setString(events.size() * COLUMNS + 4, signer.map(AuditKey::id).orElse(null));
            ps.executeUpdate();
        }
        return linked;
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
