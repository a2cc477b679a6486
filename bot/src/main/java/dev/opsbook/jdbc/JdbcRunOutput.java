package dev.opsbook.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

/**
 * Runs' redacted output lines in the {@code run_output} table (migration V12), numbered per run by {@code seq} in the
 * order the driving process saw them. Written by {@link dev.opsbook.engine.OutputJournal}; read by run pages on any
 * replica. Every method throws {@link DatabaseUnavailableException} (saying what failed) when the database does.
 */
public final class JdbcRunOutput {
    /** One stored line. */
    public record StoredLine(String runId, long seq, String stepId, String text, Instant at) {}

    private final DataSource dataSource;

    /** Whether the database was seen down in the last seconds (then appends fail at once). */
    public boolean databaseDown() {
        return Outages.recentlyDown(dataSource);
    }

    public JdbcRunOutput(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Appends {@code lines} (of any runs) in one transaction. */
    public void append(List<StoredLine> lines) {
        if (Outages.recentlyDown(dataSource)) {
            throw new DatabaseUnavailableException("the database stopped answering moments ago", null);
        }
        if (lines.isEmpty()) {
            return;
        }
        try {
            store(lines);
        } catch (RuntimeException e) {
            if (Outages.isOutage(e)) {
                Outages.markDown(dataSource);
            }
            throw e;
        }
    }

    private void store(List<StoredLine> lines) {
        Transactions.run(dataSource, "store " + lines.size() + " output lines", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO run_output (run_id, seq, step_id, line, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (StoredLine l : lines) {
                    s.setString(1, l.runId());
                    s.setLong(2, l.seq());
                    s.setString(3, l.stepId());
                    s.setString(4, l.text());
                    s.setTimestamp(5, Timestamp.from(l.at()));
                    s.addBatch();
                }
                s.executeBatch();
                return null;
            }
        });
    }

    /** The lines of run {@code runId} after {@code seq}, oldest first, at most {@code limit}. */
    public List<StoredLine> after(String runId, long seq, int limit) {
        return query("read output of run " + runId, """
                SELECT run_id, seq, step_id, line, at FROM run_output WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?""",
                runId, seq, limit);
    }

    /** The last {@code limit} lines of run {@code runId}, oldest first. */
    public List<StoredLine> last(String runId, int limit) {
        List<StoredLine> lines = query("read output of run " + runId, """
                SELECT run_id, seq, step_id, line, at FROM run_output WHERE run_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?""",
                runId, 0L, limit);
        Collections.reverse(lines);
        return lines;
    }

    /** The highest {@code seq} stored for run {@code runId}, 0 when none. */
    public long lastSeq(String runId) {
        return Transactions.run(dataSource, "read output of run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM run_output WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
    }

    private List<StoredLine> query(String what, String sql, String runId, long seq, int limit) {
        return Transactions.run(dataSource, what, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setString(1, runId);
                s.setLong(2, seq);
                s.setInt(3, limit);
                List<StoredLine> lines = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        lines.add(new StoredLine(r.getString(1), r.getLong(2), r.getString(3), r.getString(4),
                                r.getTimestamp(5).toInstant()));
                    }
                }
                return lines;
            }
        });
    }
}
