package dev.opsbook.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.BackupCatalog;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The backup catalog in PostgreSQL ({@code backup_artifact}, V3, V17). Deleted artifacts keep their row ({@code deleted_at};
 * {@code replaced_by} when another entry took its place). A unique index keeps one live row per location.
 */
public final class JdbcBackupCatalog implements BackupCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DataSource dataSource;

    public JdbcBackupCatalog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean record(BackupArtifact a) {
        return Transactions.run(dataSource, "record backup " + a.id(), c -> insert(c, a));
    }

    @Override
    public boolean replace(String replaced, BackupArtifact by, Instant at) {
        return Transactions.run(dataSource, "replace backup " + replaced + " by " + by.id(), c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE backup_artifact SET deleted_at = ?, replaced_by = ? WHERE id = ? AND deleted_at IS NULL")) {
                s.setTimestamp(1, Timestamp.from(at));
                s.setString(2, by.id());
                s.setString(3, replaced);
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            if (!insert(c, by)) {
                c.rollback();
                return false;
            }
            return true;
        });
    }

    @Override
    public Optional<BackupArtifact> atLocation(Path location) {
        return Transactions.run(dataSource, "find the backup at " + location, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM backup_artifact WHERE location = ? AND deleted_at IS NULL")) {
                s.setString(1, location.toString());
                return rows(s).stream().findFirst();
            }
        });
    }

    /** Inserts the row unless its id exists or a live row has its location (the unique index); true when inserted. */
    private static boolean insert(java.sql.Connection c, BackupArtifact a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO backup_artifact (id, service, runbook_id, runbook_sha256, runbook_git_commit, run_id, step_id,
                    created_at, origin, location, size_bytes, sha256, retention_class, locked, location_root)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
            s.setString(1, a.id());
            s.setString(2, a.service());
            s.setString(3, a.runbook().id());
            s.setString(4, a.runbook().sha256());
            s.setString(5, a.runbook().gitCommit());
            s.setString(6, a.runId());
            s.setString(7, a.stepId());
            s.setTimestamp(8, Timestamp.from(a.created()));
            s.setString(9, toJson(a.origin()));
            s.setString(10, a.location().toString());
            s.setLong(11, a.size());
            s.setString(12, a.sha256());
            s.setString(13, a.retentionClass());
            s.setBoolean(14, a.locked());
            s.setString(15, a.root().map(Path::toString).orElse(null));
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public List<BackupArtifact> list(Optional<String> service) {
        return Transactions.run(dataSource, "list backups", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM backup_artifact WHERE deleted_at IS NULL"
                    + (service.isPresent() ? " AND service = ?" : "") + " ORDER BY created_at DESC, id")) {
                if (service.isPresent()) {
                    s.setString(1, service.get());
                }
                return rows(s);
            }
        });
    }

    @Override
    public Optional<BackupArtifact> find(String id) {
        return Transactions.run(dataSource, "read backup " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT * FROM backup_artifact WHERE id = ? AND deleted_at IS NULL")) {
                s.setString(1, id);
                return rows(s).stream().findFirst();
            }
        });
    }

    @Override
    public void markDeleted(String id, Instant at) {
        update("mark backup " + id + " deleted", "UPDATE backup_artifact SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL",
                Timestamp.from(at), id);
    }

    @Override
    public boolean setLocked(String id, boolean locked) {
        return update((locked ? "lock" : "unlock") + " backup " + id,
                "UPDATE backup_artifact SET locked = ? WHERE id = ? AND deleted_at IS NULL", locked, id);
    }

    private boolean update(String what, String sql, Object first, String id) {
        return Transactions.run(dataSource, what, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setObject(1, first);
                s.setString(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static List<BackupArtifact> rows(PreparedStatement s) throws SQLException {
        List<BackupArtifact> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                out.add(new BackupArtifact(rs.getString("id"), rs.getString("service"),
                        new RunbookRef(rs.getString("runbook_id"), rs.getString("runbook_sha256"), rs.getString("runbook_git_commit")),
                        rs.getString("run_id"), rs.getString("step_id"), rs.getTimestamp("created_at").toInstant(),
                        fromJson(rs.getString("origin")), Path.of(rs.getString("location")), rs.getLong("size_bytes"),
                        rs.getString("sha256"), rs.getString("retention_class"), rs.getBoolean("locked"),
                        Optional.ofNullable(rs.getString("location_root")).map(Path::of)));
            }
        }
        return out;
    }

    private static String toJson(Map<String, String> origin) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(origin));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write backup origin as JSON", e);
        }
    }

    private static Map<String, String> fromJson(String json) throws SQLException {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new SQLException("backup_artifact.origin is not a JSON object of strings: " + e.getOriginalMessage(), e);
        }
    }
}
