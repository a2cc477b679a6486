package dev.opsbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.InMemoryAuditLog;
import dev.opsbook.testing.InMemoryBackupCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPrunerTest {
    @TempDir
    Path tmp;
    Path dir;
    final FakeClock clock = FakeClock.at("2026-11-25T12:00:00Z");
    final InMemoryAuditLog audit = new InMemoryAuditLog(clock);
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog();
    final RetentionPruner pruner = new RetentionPruner(catalog, audit, clock);
    final Actor alice = new Actor("cli", "alice", "alice");

    @org.junit.jupiter.api.BeforeEach
    void backups() throws Exception {
        dir = Files.createDirectories(tmp.resolve("backups")).toRealPath();
    }

    BackupArtifact file(String name, String created) throws Exception {
        BackupArtifact a = Artifacts.of(name, Instant.parse(created), Files.writeString(dir.resolve(name), "x"), "0".repeat(64));
        catalog.record(a);
        return a;
    }

    @Test
    void prunesExpiredFilesAuditedFirstAndKeepsLockedOnes() throws Exception {
        BackupArtifact old = file("old", "2026-09-01T00:00:00Z");
        BackupArtifact locked = file("locked", "2026-09-02T00:00:00Z");
        catalog.setLocked(locked.id(), true);
        BackupArtifact recent = file("recent", "2026-11-20T00:00:00Z");
        RetentionPolicy policy = RetentionPolicy.parse("30d");

        assertThat(pruner.prune("orders-db", policy, alice, true)).extracting(o -> o.artifact().id()).containsExactly("old");
        assertThat(old.location()).exists();
        assertThat(audit.actions()).isEmpty();

        assertThat(pruner.prune("orders-db", policy, alice, false)).singleElement().satisfies(o -> assertThat(o.error()).isEmpty());
        assertThat(old.location()).doesNotExist();
        assertThat(locked.location()).exists();
        assertThat(recent.location()).exists();
        assertThat(catalog.list(Optional.empty())).extracting(BackupArtifact::id).containsExactly("recent", "locked");
        assertThat(catalog.deleted()).containsKey("old");
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_PRUNED);
        assertThat(audit.events().getFirst().event().details()).containsEntry("policy", "keep-last=1 max-age=30d");
    }

    @Test
    void whenTheAuditFailsNothingIsDeleted() throws Exception {
        BackupArtifact old = file("old", "2026-09-01T00:00:00Z");
        file("recent", "2026-11-20T00:00:00Z");
        audit.failAll();
        assertThatThrownBy(() -> pruner.prune("orders-db", RetentionPolicy.parse("30d"), alice, false));
        assertThat(old.location()).exists();
        assertThat(catalog.find("old")).isPresent();
    }

    @Test
    void aFileSwappedForASymlinkOutOfItsLocationIsNotDeletedButRejectedAndAudited() throws Exception {
        BackupArtifact old = file("old", "2026-09-01T00:00:00Z");
        file("recent", "2026-11-20T00:00:00Z");
        Path victim = Files.writeString(Files.createDirectories(tmp.resolve("outside")).resolve("victim.txt"), "precious");
        Files.delete(old.location());
        Files.createSymbolicLink(old.location(), victim);

        assertThat(pruner.prune("orders-db", RetentionPolicy.parse("30d"), alice, true)).singleElement()
                .satisfies(o -> assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains("now resolves to " + victim)));
        assertThat(audit.actions()).as("a dry run audits nothing").isEmpty();
        assertThat(pruner.prune("orders-db", RetentionPolicy.parse("30d"), alice, false)).singleElement()
                .satisfies(o -> assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).startsWith("refused to delete " + old.location())));

        assertThat(victim).hasContent("precious");
        assertThat(Files.isSymbolicLink(old.location())).isTrue();
        assertThat(catalog.find("old")).isPresent();
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_REJECTED);
        assertThat(audit.events().getFirst().event().details()).containsEntry("artifact", "old")
                .hasEntrySatisfying("reason", r -> assertThat(r).contains("now resolves to " + victim));
    }

    @Test
    void aLocationDirectorySwappedForASymlinkOrPathsOutsideItOrWithoutOneAreNeverDeleted() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        Path victim = Files.writeString(outside.resolve("victim.txt"), "precious");
        BackupArtifact escaped = Artifacts.of("escaped", Instant.parse("2026-09-01T00:00:00Z"), victim, "0".repeat(64));
        escaped = new BackupArtifact(escaped.id(), escaped.service(), escaped.runbook(), escaped.runId(), escaped.stepId(),
                escaped.created(), escaped.origin(), victim, 3, escaped.sha256(), "default", false, Optional.of(dir));
        catalog.record(escaped);
        Path legacyFile = Files.writeString(tmp.resolve("legacy.dump"), "x");
        BackupArtifact legacy = new BackupArtifact("legacy", "orders-db", escaped.runbook(), "r-1", "dump",
                Instant.parse("2026-09-02T00:00:00Z"), java.util.Map.of(), legacyFile, 1, "0".repeat(64), "default", false);
        catalog.record(legacy);
        file("recent", "2026-11-20T00:00:00Z");

        List<RetentionPruner.Outcome> outcomes = pruner.prune("orders-db", RetentionPolicy.parse("30d"), alice, false);

        assertThat(outcomes).extracting(o -> o.artifact().id() + ": " + o.error().orElse("pruned")).containsExactly(
                "escaped: refused to delete " + victim + ": " + victim + " is outside its backup location " + dir + "; it is not deleted",
                "legacy: refused to delete " + legacyFile + ": it was recorded before backup locations were declared, so opsbook does"
                        + " not know that " + legacyFile + " is a backup location; delete the file by hand or lock the backup");
        assertThat(victim).exists();
        assertThat(legacyFile).exists();
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_REJECTED, AuditActions.BACKUP_REJECTED);

        BackupArtifact old = file("old", "2026-08-01T00:00:00Z");
        Path moved = Files.move(dir, tmp.resolve("moved"));
        Files.createDirectories(outside.resolve("old-dir"));
        Files.createSymbolicLink(dir, moved);
        assertThat(pruner.prune("orders-db", RetentionPolicy.parse("30d"), alice, false))
                .filteredOn(o -> o.artifact().id().equals("old")).singleElement()
                .satisfies(o -> assertThat(o.error()).hasValueSatisfying(e -> assertThat(e).contains("its backup location " + dir
                        + " now resolves to " + moved)));
        assertThat(moved.resolve("old")).exists();
        assertThat(catalog.find(old.id())).isPresent();
    }

    @Test
    void aFileThatAKeptEntryStillReferencesIsNotDeleted() throws Exception {
        BackupArtifact old = file("old", "2026-09-01T00:00:00Z");
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), old.location());
        BackupArtifact kept = new BackupArtifact("kept", "billing", old.runbook(), "r-2", "dump", Instant.parse("2026-11-20T00:00:00Z"),
                java.util.Map.of(), alias, 1, old.sha256(), "default", false);
        catalog.record(kept);
        file("recent", "2026-11-21T00:00:00Z");

        assertThat(pruner.prune("orders-db", RetentionPolicy.parse("30d"), alice, false)).singleElement()
                .satisfies(o -> assertThat(o.error()).isEmpty());

        assertThat(old.location()).exists();
        assertThat(catalog.find("old")).isEmpty();
        assertThat(audit.events().getFirst().event().details()).containsEntry("file_kept", "still referenced by kept");
    }
}
