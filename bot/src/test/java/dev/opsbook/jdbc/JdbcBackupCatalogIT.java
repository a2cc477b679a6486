package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import java.nio.file.Path;
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
}
