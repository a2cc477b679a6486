package dev.opsbook.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Cancels asked on one replica for runs another replica drives ({@code run_cancel_request}). The
 * replica driving a run {@link #take takes} its request (deleting it, so it acts once) and interrupts
 * the run; a request is {@link #clear cleared} when a run starts or ends being driven, so a stale one
 * never cancels a later resume of the same run.
 */
public final class JdbcCancelRequests {
    private final DataSource dataSource;

    public JdbcCancelRequests(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Asks whichever replica drives {@code runId} to cancel it; a repeated request is kept once. */
    public void request(String runId, String requestedBy, Instant at) {
        Transactions.run(dataSource, "ask for the cancellation of run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO run_cancel_request (run_id, requested_by, requested_at) VALUES (?, ?, ?)
                    ON CONFLICT (run_id) DO NOTHING""")) {
                s.setString(1, runId);
                s.setString(2, requestedBy);
                s.setTimestamp(3, Timestamp.from(at));
                return s.executeUpdate();
            }
        });
    }

    /** Removes and returns the requests for any of {@code runIds} (the runs the caller drives). */
    public Set<String> take(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Set.of();
        }
        return Transactions.run(dataSource, "read cancellation requests", c -> {
            Set<String> taken = new LinkedHashSet<>();
            try (PreparedStatement s = c.prepareStatement("DELETE FROM run_cancel_request WHERE run_id = ANY(?) RETURNING run_id")) {
                s.setArray(1, c.createArrayOf("text", runIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        taken.add(rs.getString(1));
                    }
                }
            }
            return taken;
        });
    }

    /** Forgets any request for {@code runId}. */
    public void clear(String runId) {
        Transactions.run(dataSource, "clear the cancellation request of run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM run_cancel_request WHERE run_id = ?")) {
                s.setString(1, runId);
                return s.executeUpdate();
            }
        });
    }
}
