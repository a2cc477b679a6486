package dev.opsbook.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Confirmations of steps with {@code confirm=} typed in chat ({@code step_confirmation}): recorded by
 * the replica that took the form, read by the one that drives the run.
 */
public final class JdbcStepConfirmations {
    private final DataSource dataSource;

    public JdbcStepConfirmations(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(String runId, String stepId, String confirmedBy, Instant at) {
        Transactions.run(dataSource, "record the confirmation of step " + stepId, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO step_confirmation (run_id, step_id, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (run_id, step_id) DO NOTHING""")) {
                s.setString(1, runId);
                s.setString(2, stepId);
                s.setString(3, confirmedBy);
                s.setTimestamp(4, Timestamp.from(at));
                s.executeUpdate();
            }
            return null;
        });
    }

    public boolean confirmed(String runId, String stepId) {
        return Transactions.run(dataSource, "look up the confirmation of step " + stepId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM step_confirmation WHERE run_id = ? AND step_id = ?")) {
                s.setString(1, runId);
                s.setString(2, stepId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
