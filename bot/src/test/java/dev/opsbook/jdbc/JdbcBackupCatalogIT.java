package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcBackupCatalogIT {
    private final TestDatabase test = TestDatabase.create();
    private final Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    private final JdbcBackupCatalog catalog = new JdbcBackupCatalog(db.dataSource());

    @AfterEach
    void drop() {
        db.close();
        test.close();
    }

    static BackupArtifact artifact(String id, String service, String created) {
        return new BackupArtifact(id, service, new RunbookRef("orders-db", "a".repeat(64), "c0ffee"), "r-00000000ab", "dump-db",
                Instant.parse(created), Map.of("host", "127.0.0.1", "port", "5432"), Path.of("/backups/" + id), 61440,
                "b".repeat(64), "default", false);
    }

    @Test
    void recordsListsNewestFirstLocksAndMarksDeleted() {
        BackupArtifact older = artifact("r-1/a", "orders-db", "2026-11-24T14:00:00Z");
        BackupArtifact newer = artifact("r-2/a", "orders-db", "2026-11-25T14:00:00Z");
        BackupArtifact other = artifact("r-3/a", "billing", "2026-11-25T15:00:00Z");
        assertThat(catalog.record(older)).isTrue();
        assertThat(catalog.record(newer)).isTrue();
        assertThat(catalog.record(other)).isTrue();
        assertThat(catalog.record(older)).as("same id twice").isFalse();

        assertThat(catalog.list(Optional.of("orders-db"))).containsExactly(newer, older);
        assertThat(catalog.list(Optional.empty())).containsExactly(other, newer, older);
        assertThat(catalog.find("r-1/a")).contains(older);

        assertThat(catalog.setLocked("r-1/a", true)).isTrue();
        assertThat(catalog.find("r-1/a")).contains(older.withLocked(true));
        assertThat(catalog.setLocked("r-nope/a", true)).isFalse();

        catalog.markDeleted("r-2/a", Instant.parse("2026-12-30T00:00:00Z"));
        assertThat(catalog.list(Optional.of("orders-db"))).containsExactly(older.withLocked(true));
        assertThat(catalog.find("r-2/a")).isEmpty();
        assertThat(catalog.setLocked("r-2/a", true)).as("deleted").isFalse();
        assertThat(catalog.record(newer)).as("a deleted id is not recorded again").isFalse();
    }

    @Test
    void oneLiveEntryPerFileAReplacementRetiresTheOldEntry() throws Exception {
        BackupArtifact first = artifact("r-1/a", "orders-db", "2026-11-25T14:00:00Z");
        BackupArtifact olderClaim = artifact("r-2/a", "orders-db", "2026-11-01T00:00:00Z");
        BackupArtifact olderSameFile = new BackupArtifact(olderClaim.id(), olderClaim.service(), olderClaim.runbook(),
                olderClaim.runId(), olderClaim.stepId(), olderClaim.created(), olderClaim.origin(), first.location(), 1,
                olderClaim.sha256(), "default", false, Optional.of(Path.of("/backups")));
        assertThat(catalog.record(first)).isTrue();
        assertThat(catalog.record(olderSameFile)).as("a second live entry for the same file").isFalse();
        assertThat(catalog.list(Optional.empty())).containsExactly(first);
        assertThat(catalog.atLocation(first.location())).contains(first);

        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("INSERT INTO backup_artifact (id, service, runbook_id, runbook_sha256, runbook_git_commit,"
                    + " run_id, step_id, created_at, origin, location, size_bytes, sha256, retention_class)"
                    + " SELECT 'r-9/a', service, runbook_id, runbook_sha256, runbook_git_commit, run_id, step_id, created_at, origin,"
                    + " location, size_bytes, sha256, retention_class FROM backup_artifact WHERE id = 'r-1/a'"))
                    .as("the database refuses a duplicate too").hasMessageContaining("backup_artifact_one_live_per_location");
        }

        BackupArtifact rewritten = new BackupArtifact("r-3/a", "orders-db", first.runbook(), "r-3", "dump-db",
                Instant.parse("2026-11-26T00:00:00Z"), Map.of(), first.location(), 2, "c".repeat(64), "default", false,
                Optional.of(Path.of("/backups")));
        assertThat(catalog.replace("r-1/a", rewritten, Instant.parse("2026-11-26T00:00:01Z"))).isTrue();
        assertThat(catalog.list(Optional.empty())).containsExactly(rewritten);
        assertThat(catalog.find("r-1/a")).isEmpty();
        assertThat(catalog.replace("r-1/a", artifact("r-4/a", "orders-db", "2026-11-27T00:00:00Z"), Instant.now()))
                .as("not live any more").isFalse();
        try (Connection c = test.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT replaced_by, location_root FROM backup_artifact WHERE id = 'r-1/a'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("r-3/a");
        }

        catalog.markDeleted("r-3/a", Instant.parse("2026-12-30T00:00:00Z"));
        assertThat(catalog.record(olderSameFile)).as("a pruned entry does not hold its location").isTrue();
        assertThat(catalog.find(olderSameFile.id()).orElseThrow().root()).contains(Path.of("/backups"));
    }

    @Test
    void theMigrationRetiresDuplicateLiveEntriesKeepingTheNewestAndItsLock() throws Exception {
        try (TestDatabase old = TestDatabase.create()) {
            org.flywaydb.core.Flyway.configure().dataSource(old.url(), old.user(), old.password())
                    .locations("classpath:db/migration").target("12").load().migrate();
            try (Connection c = old.connect(); Statement s = c.createStatement()) {
                for (String[] row : new String[][] {{"r-1/a", "2026-11-01", "true"}, {"r-2/a", "2026-11-20", "false"},
                        {"r-3/a", "2026-11-10", "false"}, {"r-4/b", "2026-11-05", "false"}}) {
                    s.execute("INSERT INTO backup_artifact (id, service, runbook_id, runbook_sha256, runbook_git_commit, run_id,"
                            + " step_id, created_at, origin, location, size_bytes, sha256, retention_class, locked) VALUES ('"
                            + row[0] + "', 'orders-db', 'orders-db', 'x', '', 'r', 'dump', '" + row[1] + "', '{}', '/backups/"
                            + row[0].substring(4) + "', 1, 'x', 'default', " + row[2] + ")");
                }
            }
            try (Database migrated = Database.open(DatabaseSettings.external(old.url(), old.user(), old.password()))) {
                JdbcBackupCatalog after = new JdbcBackupCatalog(migrated.dataSource());
                assertThat(after.list(Optional.empty())).extracting(a -> a.id() + " " + a.locked() + " " + a.root())
                        .containsExactly("r-2/a true Optional.empty", "r-4/b false Optional.empty");
            }
            try (Connection c = old.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT id, replaced_by FROM backup_artifact WHERE deleted_at IS NOT NULL ORDER BY id")) {
                List<String> retired = new ArrayList<>();
                while (rs.next()) {
                    retired.add(rs.getString(1) + " -> " + rs.getString(2));
                }
                assertThat(retired).containsExactly("r-1/a -> r-2/a", "r-3/a -> r-2/a");
            }
        }
    }
}
