package dev.opsbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.testing.InMemoryBackupCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatestBackupTest {
    @TempDir
    Path dir;
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog();
    final Runbook runbook = RunbookParser.parse("db.md", """
            ---
            id: db
            title: DB
            service: orders
            ---
            ## Restore

            ```bash {#restore kind=restore}
            true
            ```
            """.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();

    private BackupArtifact backup(String id, String runbookId, Instant created, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(id.replace('/', '_')), content);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        BackupArtifact a = new BackupArtifact(id, "orders", new RunbookRef(runbookId, "0".repeat(64), ""), "r-1", "dump",
                created, Map.of(), file, content.length(), sha, "default", false);
        catalog.record(a);
        return a;
    }

    @Test
    void theNewestBackupOfThisRunbookIsVerified() throws Exception {
        backup("r-1/old", "db", Instant.parse("2026-11-01T00:00:00Z"), "old");
        BackupArtifact newest = backup("r-2/new", "db", Instant.parse("2026-11-02T00:00:00Z"), "new");
        backup("r-3/other", "other-runbook", Instant.parse("2026-11-03T00:00:00Z"), "another runbook's backup of the service");
        assertThat(LatestBackup.of(catalog, runbook)).isEqualTo(new LatestBackup.Found.Verified(newest));
    }

    @Test
    void aCorruptedLatestBackupIsRefusedNotReplacedByAnOlderOne() throws Exception {
        backup("r-1/old", "db", Instant.parse("2026-11-01T00:00:00Z"), "old");
        BackupArtifact newest = backup("r-2/new", "db", Instant.parse("2026-11-02T00:00:00Z"), "new");
        Files.writeString(newest.location(), "NEW");
        assertThat(LatestBackup.of(catalog, runbook)).isInstanceOfSatisfying(LatestBackup.Found.Unusable.class, u -> {
            assertThat(u.artifact()).contains(newest);
            assertThat(u.reason()).startsWith("checksum mismatch: the latest backup r-2/new has SHA-256 ")
                    .endsWith("but the catalog recorded " + newest.sha256() + "; refusing to restore it");
        });
        Files.delete(newest.location());
        assertThat(LatestBackup.of(catalog, runbook)).isInstanceOfSatisfying(LatestBackup.Found.Unusable.class,
                u -> assertThat(u.reason()).isEqualTo("the latest backup r-2/new is missing: no file at " + newest.location()));
    }

    @Test
    void withoutABackupTheReasonSaysWhatToDo() {
        assertThat(LatestBackup.of(catalog, runbook)).isEqualTo(new LatestBackup.Found.Unusable(java.util.Optional.empty(),
                "no backup of db (service orders) is in the backup catalog: run its backup procedure first"));
    }
}
