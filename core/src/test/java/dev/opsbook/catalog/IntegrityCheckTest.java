package dev.opsbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.InMemoryAuditLog;
import dev.opsbook.testing.InMemoryBackupCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntegrityCheckTest {
    static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path dir;
    final InMemoryAuditLog audit = new InMemoryAuditLog(FakeClock.at("2026-11-25T14:00:00Z"));
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog();
    final List<IntegrityProblem> incidents = new ArrayList<>();
    final IntegrityCheck check = new IntegrityCheck(catalog, audit, incidents::add);

    BackupArtifact file(String name) throws Exception {
        BackupArtifact a = Artifacts.of(name, Instant.parse("2026-11-25T14:00:00Z"), Files.writeString(dir.resolve(name), "abc"), ABC);
        catalog.record(a);
        return a;
    }

    @Test
    void intactFilesPass() throws Exception {
        file("a");
        file("b");
        assertThat(check.run(Optional.of("orders-db"))).satisfies(r -> {
            assertThat(r.checked()).isEqualTo(2);
            assertThat(r.ok()).isTrue();
        });
        assertThat(audit.actions()).isEmpty();
    }

    @Test
    void aChangedByteIsAMismatchAndADeletedFileIsMissing() throws Exception {
        BackupArtifact changed = file("changed");
        BackupArtifact gone = file("gone");
        file("fine");
        Files.writeString(changed.location(), "abd");
        Files.delete(gone.location());

        IntegrityCheck.Report r = check.run(Optional.empty());

        assertThat(r.checked()).isEqualTo(3);
        assertThat(r.problems()).extracting(p -> p.artifact().id() + " " + p.kind())
                .containsExactlyInAnyOrder("changed MISMATCH", "gone MISSING");
        IntegrityProblem mismatch = r.problems().stream().filter(p -> p.kind() == IntegrityProblem.Kind.MISMATCH).findFirst().orElseThrow();
        assertThat(mismatch.actualSha256()).contains(IntegrityCheck.sha256(changed.location()));
        assertThat(mismatch.message()).contains("recorded " + ABC, "do not restore it");
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(r.problems());
        assertThat(audit.actions()).containsOnly(AuditActions.BACKUP_INTEGRITY_FAILED).hasSize(2);
        assertThat(audit.events()).extracting(e -> e.event().result()).containsExactlyInAnyOrder("mismatch", "missing");
    }
}
