package dev.opsbook.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditReadException;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** How a {@link RecordedEvent} maps onto a row of {@code audit_event} (V1__audit_log.sql). */
final class AuditEventRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String COLUMNS = "sequence, time, actor_platform, actor_user_id, actor_display_name, action, "
            + "run_id, step_id, runbook_id, runbook_sha256, runbook_git_commit, parameters, result, duration_ms, "
            + "thread_ref, details, previous_hash, hash";

    static final String INSERT = "INSERT INTO audit_event (" + COLUMNS + ") "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?, ?)";

    private AuditEventRows() {}

    static void bind(PreparedStatement ps, RecordedEvent r) throws SQLException {
        bind(ps, 0, r);
    }

    /** Binds the event's 18 columns to parameters {@code offset + 1 … offset + 18}. */
    static void bind(PreparedStatement ps, int offset, RecordedEvent r) throws SQLException {
        AuditEvent e = r.event();
        int o = offset;
        ps.setLong(o + 1, r.sequence());
        ps.setObject(o + 2, OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC));
        ps.setString(o + 3, e.actor().platform());
        ps.setString(o + 4, e.actor().userId());
        ps.setString(o + 5, e.actor().displayName());
        ps.setString(o + 6, e.action());
        ps.setString(o + 7, e.runId().orElse(null));
        ps.setString(o + 8, e.stepId().orElse(null));
        ps.setString(o + 9, e.runbook().map(RunbookRef::id).orElse(null));
        ps.setString(o + 10, e.runbook().map(RunbookRef::sha256).orElse(null));
        ps.setString(o + 11, e.runbook().map(RunbookRef::gitCommit).orElse(null));
        ps.setString(o + 12, json(e.parameters()));
        ps.setString(o + 13, e.result());
        if (e.duration().isPresent()) {
            ps.setLong(o + 14, e.duration().get().toMillis());
        } else {
            ps.setNull(o + 14, Types.BIGINT);
        }
        ps.setString(o + 15, e.threadRef().orElse(null));
        ps.setString(o + 16, json(e.details()));
        ps.setString(o + 17, r.previousHash());
        ps.setString(o + 18, r.hash());
    }

    /** Reads the current row; a row that is not a valid event throws {@link AuditReadException} with its sequence. */
    static RecordedEvent read(ResultSet rs) throws SQLException {
        long sequence = rs.getLong(1);
        try {
            Optional<RunbookRef> runbook = Optional.ofNullable(rs.getString(9))
                    .map(id -> new RunbookRef(id, orEmpty(rs, 10), orEmpty(rs, 11)));
            long duration = rs.getLong(14);
            Optional<Duration> maybeDuration = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(duration));
            AuditEvent event = new AuditEvent(
                    new Actor(rs.getString(3), rs.getString(4), rs.getString(5)),
                    rs.getString(6),
                    Optional.ofNullable(rs.getString(7)),
                    Optional.ofNullable(rs.getString(8)),
                    runbook,
                    map(rs.getString(12)),
                    rs.getString(13),
                    maybeDuration,
                    Optional.ofNullable(rs.getString(15)),
                    map(rs.getString(16)));
            return new RecordedEvent(sequence, rs.getObject(2, OffsetDateTime.class).toInstant(), event,
                    rs.getString(17), rs.getString(18));
        } catch (RuntimeException e) {
            throw new AuditReadException(sequence, "audit event " + sequence + " is malformed: " + e, e);
        }
    }

    private static String orEmpty(ResultSet rs, int column) {
        try {
            String v = rs.getString(column);
            return v == null ? "" : v;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Parses a stored object of strings; anything else is a malformed event. */
    private static Map<String, String> map(String json) {
        if (json == null) {
            throw new IllegalArgumentException("expected a JSON object of strings, got NULL");
        }
        try (JsonParser p = JSON.getFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object of strings, got " + json);
            }
            Map<String, String> out = new HashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!p.nextToken().isScalarValue()) {
                    throw new IllegalArgumentException("expected a JSON object of strings, got " + json);
                }
                out.put(key, p.getText());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
