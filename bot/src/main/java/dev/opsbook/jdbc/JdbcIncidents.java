package dev.opsbook.jdbc;

import dev.opsbook.alert.Alert;
import dev.opsbook.alert.AlertNotification;
import dev.opsbook.alert.Incident;
import dev.opsbook.alert.IncidentBoard;
import dev.opsbook.alert.Incidents;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * {@link Incidents} in PostgreSQL (V21), shared by every replica and kept across restarts. A notification is folded
 * into its incident in one transaction under a transaction-level advisory lock, so two replicas receiving the same
 * notification at once fold it one after the other into one incident (a partial unique index allows one open
 * incident per alert group besides). Acknowledging is one conditional UPDATE, so only the first click counts.
 */
public final class JdbcIncidents implements Incidents {
    /** Advisory lock namespace of incident intake (next to {@link AdvisoryLock}'s). */
    static final int LOCK = 0x6f700015;
    private final DataSource dataSource;
    private final Clock clock;
    private final Supplier<List<Runbook>> runbooks;

    /** {@code runbooks}: the reviewed runbooks, to give a stored incident its matched runbook back. */
    public JdbcIncidents(DataSource dataSource, Clock clock, Supplier<List<Runbook>> runbooks) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.runbooks = runbooks;
    }

    @Override
    public Received receive(AlertNotification n, List<Runbook> reviewed, List<ChatThread> alertChannels) {
        return Transactions.run(dataSource, "record an alert notification", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext('incidents'))")) {
                s.setInt(1, LOCK);
                s.executeQuery().close();
            }
            Incident incident = latestOfGroup(c, n.groupKey(), reviewed).orElse(null);
            if (incident == null) {
                incident = openWithFingerprint(c, n.alerts(), reviewed).orElse(null);
            }
            boolean opened = false;
            Instant now = clock.instant();
            if (incident == null || incident.resolved() && n.firing()) {
                incident = Incident.open(IncidentBoard.newId(), n.groupKey(), now);
                opened = true;
            }
            Received r = incident.fold(n, opened, reviewed, alertChannels, now);
            IncidentRows.write(c, incident);
            return r;
        });
    }

    private Optional<Incident> latestOfGroup(Connection c, String groupKey, List<Runbook> reviewed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + IncidentRows.COLUMNS
                + " FROM incident WHERE group_key = ? AND NOT retired ORDER BY opened_at DESC LIMIT 1")) {
            s.setString(1, groupKey);
            return one(c, s, reviewed);
        }
    }

    private Optional<Incident> openWithFingerprint(Connection c, List<Alert> alerts, List<Runbook> reviewed) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + IncidentRows.COLUMNS + " FROM incident WHERE id = ("
                + "SELECT a.incident_id FROM incident_alert a JOIN incident i ON i.id = a.incident_id"
                + " WHERE a.fingerprint = ANY (?) AND i.resolved_at IS NULL AND NOT i.retired ORDER BY i.opened_at DESC LIMIT 1)")) {
            s.setArray(1, c.createArrayOf("text", alerts.stream().map(Alert::fingerprint).toArray()));
            return one(c, s, reviewed);
        }
    }

    private static Optional<Incident> one(Connection c, PreparedStatement s, List<Runbook> reviewed) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            return rs.next() ? Optional.of(IncidentRows.read(c, rs, reviewed)) : Optional.empty();
        }
    }

    @Override
    public Optional<Incident.Snapshot> find(String incidentId) {
        return Transactions.run(dataSource, "read incident " + incidentId, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + IncidentRows.COLUMNS + " FROM incident WHERE id = ?")) {
                s.setString(1, incidentId);
                return one(c, s, runbooks.get()).map(Incident::snapshot);
            }
        });
    }

    @Override
    public List<Incident.Snapshot> recent(int limit) {
        return Transactions.run(dataSource, "list incidents", c -> {
            List<Runbook> reviewed = runbooks.get();
            List<Incident.Snapshot> out = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + IncidentRows.COLUMNS
                    + " FROM incident ORDER BY opened_at DESC LIMIT ?")) {
                s.setInt(1, limit);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(IncidentRows.read(c, rs, reviewed).snapshot());
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean acknowledge(String incidentId, String who) {
        return Transactions.run(dataSource, "acknowledge incident " + incidentId, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE incident SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ? AND acknowledged_by IS NULL")) {
                s.setString(1, who);
                s.setTimestamp(2, Timestamp.from(clock.instant()));
                s.setString(3, incidentId);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void diagnosis(String incidentId, Optional<String> runId, Optional<String> note) {
        Transactions.run(dataSource, "record the diagnosis of incident " + incidentId, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE incident SET diagnosis_run = COALESCE(?, diagnosis_run), diagnosis_note = ? WHERE id = ?")) {
                s.setString(1, runId.orElse(null));
                s.setString(2, note.orElse(null));
                s.setString(3, incidentId);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void linkRun(String incidentId, String runId, String linkedBy) {
        Transactions.run(dataSource, "link run " + runId + " to incident " + incidentId, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO incident_run (run_id, incident_id, linked_by, linked_at)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT (run_id) DO NOTHING")) {
                s.setString(1, runId);
                s.setString(2, incidentId);
                s.setString(3, linkedBy);
                s.setTimestamp(4, Timestamp.from(clock.instant()));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<String> runs(String incidentId) {
        return Transactions.run(dataSource, "read the runs of incident " + incidentId, c -> {
            List<String> out = new java.util.ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT run_id FROM incident_run WHERE incident_id = ? ORDER BY linked_at, run_id")) {
                s.setString(1, incidentId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Incidents whose resolution was seen before {@code before} are retired: kept (listed), but take no notifications. */
    @Override
    public void forget(Instant before) {
        Transactions.run(dataSource, "retire resolved incidents", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE incident SET retired = TRUE WHERE NOT retired AND resolution_seen < ?")) {
                s.setTimestamp(1, Timestamp.from(before));
                s.executeUpdate();
            }
            return null;
        });
    }
}
