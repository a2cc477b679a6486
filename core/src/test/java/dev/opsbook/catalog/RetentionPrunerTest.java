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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionPrunerTest {
    @TempDir
    Path dir;
    final FakeClock clock = FakeClock.at("2026-11-25T12:00:00Z");
    final InMemoryAuditLog audit = new InMemoryAuditLog(clock);
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog();
    final RetentionPruner pruner = new RetentionPruner(catalog, audit, clock);
    final Actor alice = new Actor("cli", "alice", "alice");

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
}
