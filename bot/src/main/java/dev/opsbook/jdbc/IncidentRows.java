package dev.opsbook.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbook.alert.Alert;
import dev.opsbook.alert.Incident;
import dev.opsbook.alert.RunbookMatch;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads and writes the rows of one incident ({@code incident}, {@code incident_alert}; V21). */
final class IncidentRows {
    static final String COLUMNS = "id, group_key, runbook_id, match_rule, channels, opened_at, started_at, resolved_at,"
            + " resolution_seen, acknowledged_by, diagnosis_run, diagnosis_note, notifications";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IncidentRows() {}

    /** The incident in the current row of {@code rs} (selected with {@link #COLUMNS}), its alerts read on {@code c}. */
    static Incident read(Connection c, ResultSet rs, List<Runbook> runbooks) throws SQLException {
        String id = rs.getString("id");
        String rule = rs.getString("match_rule");
        Optional<RunbookMatch> match = Optional.ofNullable(rs.getString("runbook_id"))
                .flatMap(rb -> runbooks.stream().filter(r -> r.id().equals(rb)).findFirst())
                .map(rb -> new RunbookMatch(rb, rule));
        List<ChatThread> channels = Arrays.stream(rs.getString("channels").split("\n")).filter(s -> s.contains(":"))
                .map(s -> ChatThread.channel(s.substring(0, s.indexOf(':')), s.substring(s.indexOf(':') + 1))).toList();
        Incident.Snapshot s = new Incident.Snapshot(id, rs.getString("group_key"), alerts(c, id), match, channels,
                rs.getTimestamp("started_at").toInstant(), time(rs, "resolved_at"),
                Optional.ofNullable(rs.getString("acknowledged_by")), Optional.ofNullable(rs.getString("diagnosis_run")),
                Optional.ofNullable(rs.getString("diagnosis_note")), rs.getInt("notifications"));
        return Incident.restore(s, rs.getTimestamp("opened_at").toInstant(), time(rs, "resolution_seen"));
    }

    /** Inserts or updates the incident and replaces its alerts. */
    static void write(Connection c, Incident incident) throws SQLException {
        Incident.Snapshot s = incident.snapshot();
        try (PreparedStatement p = c.prepareStatement("""
                INSERT INTO incident (id, group_key, status, runbook_id, match_rule, channels, opened_at, started_at, resolved_at,
                    resolution_seen, acknowledged_by, diagnosis_run, diagnosis_note, notifications)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, runbook_id = EXCLUDED.runbook_id,
                    match_rule = EXCLUDED.match_rule, channels = EXCLUDED.channels, started_at = EXCLUDED.started_at,
                    resolved_at = EXCLUDED.resolved_at, resolution_seen = EXCLUDED.resolution_seen,
                    notifications = EXCLUDED.notifications""")) {
            p.setString(1, s.id());
            p.setString(2, s.groupKey());
            p.setString(3, s.resolved() ? "resolved" : "firing");
            p.setString(4, s.match().map(m -> m.runbook().id()).orElse(null));
            p.setString(5, s.match().map(RunbookMatch::rule).orElse(null));
            p.setString(6, String.join("\n", s.channels().stream().map(t -> t.platform() + ":" + t.channel()).toList()));
            p.setTimestamp(7, Timestamp.from(incident.openedAt()));
            p.setTimestamp(8, Timestamp.from(s.startedAt()));
            p.setTimestamp(9, s.resolvedAt().map(Timestamp::from).orElse(null));
            p.setTimestamp(10, incident.resolutionSeen().map(Timestamp::from).orElse(null));
            p.setString(11, s.acknowledgedBy().orElse(null));
            p.setString(12, s.diagnosisRun().orElse(null));
            p.setString(13, s.diagnosisNote().orElse(null));
            p.setInt(14, s.notifications());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM incident_alert WHERE incident_id = ?")) {
            p.setString(1, s.id());
            p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO incident_alert (incident_id, fingerprint, position, alert) VALUES (?, ?, ?, ?::jsonb)")) {
            int position = 0;
            for (Alert a : s.alerts()) {
                p.setString(1, s.id());
                p.setString(2, a.fingerprint());
                p.setInt(3, position++);
                p.setString(4, json(a));
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static List<Alert> alerts(Connection c, String incidentId) throws SQLException {
        List<Alert> alerts = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT alert FROM incident_alert WHERE incident_id = ? ORDER BY position")) {
            p.setString(1, incidentId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    alerts.add(alert(rs.getString(1)));
                }
            }
        }
        return alerts;
    }

    private static String json(Alert a) {
        ObjectNode node = JSON.createObjectNode();
        node.put("firing", a.firing());
        a.labels().forEach(node.putObject("labels")::put);
        node.putObject("annotations");
        a.annotations().forEach(((ObjectNode) node.get("annotations"))::put);
        node.put("startsAt", a.startsAt().toString());
        a.endsAt().ifPresent(e -> node.put("endsAt", e.toString()));
        node.put("fingerprint", a.fingerprint());
        node.put("generatorURL", a.generatorUrl());
        return node.toString();
    }

    private static Alert alert(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new Alert(n.path("firing").asBoolean(), strings(n.path("labels")), strings(n.path("annotations")),
                    Instant.parse(n.path("startsAt").asText()),
                    n.hasNonNull("endsAt") ? Optional.of(Instant.parse(n.get("endsAt").asText())) : Optional.empty(),
                    n.path("fingerprint").asText(), n.path("generatorURL").asText(""));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an incident alert row is not JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }
}
