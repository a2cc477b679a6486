package dev.opsbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.InMemoryAuditLog;
import dev.opsbook.testing.InMemoryBackupCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactRecorderTest {
    static final Run RUN = new Run(new RunId("r-00000000ab"), new RunbookRef("orders-db", "a".repeat(64), "c0ffee"),
            "runbooks/orders-db.md", "orders-db", RunTarget.procedure("backup"), new Actor("cli", "alice", "alice"), Map.of(),
            List.of(), Instant.parse("2026-11-25T14:00:00Z"), RunState.RUNNING, Optional.empty(), "");

    @TempDir
    Path dir;
    Path artifacts;
    Path dump;
    final FakeClock clock = FakeClock.at("2026-11-25T14:00:00Z");
    final InMemoryAuditLog audit = new InMemoryAuditLog(clock);
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog();
    final List<String> warnings = new ArrayList<>();
    ArtifactRecorder recorder;

    @BeforeEach
    void setUp() throws Exception {
        artifacts = Files.createDirectories(dir.resolve("runs/r-00000000ab/artifacts"));
        dump = Files.writeString(dir.resolve("orders-20261125T140000.123Z.dump"), "abc");
        recorder = new ArtifactRecorder(dir.resolve("runs"), catalog, audit, warnings::add);
    }

    /** The metadata the sample runbook writes (runbooks/orders-db.md), with the absolute path. */
    String metadata(String extra) {
        return """
                {"format": "postgresql-custom", "file": "orders-20261125T140000.123Z.dump", "path": "%s",
                 "created_at": "2026-11-25T14:00:01Z", "size_bytes": 3,
                 "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                 "origin": {"host": "127.0.0.1", "port": 5432, "database": "orders", "server_version": "15.20"},
                 "tables": {"public.orders": 1000}, "run_id": "r-00000000ab", "runbook": "orders-db"%s}
                """.formatted(dump, extra);
    }

    @Test
    void recordsTheMetadataAStepWroteOnceAndAuditsIt() throws Exception {
        Files.writeString(artifacts.resolve("orders-db-backup.json"), metadata(""));
        assertThat(recorder.recordAll(RUN, "dump-db")).hasSize(1);
        assertThat(recorder.recordAll(RUN, "verify")).isEmpty();

        BackupArtifact a = catalog.list(Optional.of("orders-db")).getFirst();
        assertThat(a.id()).isEqualTo("r-00000000ab/orders-db-backup");
        assertThat(a.stepId()).isEqualTo("dump-db");
        assertThat(a.created()).isEqualTo(Instant.parse("2026-11-25T14:00:01Z"));
        assertThat(a.origin()).containsEntry("host", "127.0.0.1").containsEntry("port", "5432")
                .containsEntry("database", "orders").containsEntry("format", "postgresql-custom");
        assertThat(a.location()).isEqualTo(dump);
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.runbook().gitCommit()).isEqualTo("c0ffee");
        assertThat(a.retentionClass()).isEqualTo("default");
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_RECORDED);
        assertThat(audit.events().getFirst().event().details()).containsEntry("artifact", a.id())
                .containsEntry("sha256", a.sha256());
        assertThat(warnings).isEmpty();
    }

    @Test
    void invalidMetadataIsAuditedAndReportedOnceNeverThrown() throws Exception {
        Files.writeString(artifacts.resolve("a-broken.json"), "{not json");
        Files.writeString(artifacts.resolve("b-nosha.json"), metadata("").replace("\"sha256\"", "\"sha\""));
        Files.writeString(artifacts.resolve("c-size.json"), metadata("").replace("\"size_bytes\": 3", "\"size_bytes\": 4"));
        Files.writeString(artifacts.resolve("d-relative.json"), metadata("").replace("\"path\": \"" + dump + "\",", ""));
        Files.writeString(artifacts.resolve("e-class.json"), metadata(", \"retention_class\": \"monthly\", \"kind\": \"backup\""));
        Files.writeString(artifacts.resolve("f-restore-check.json"), "{\"kind\": \"restore-check\", \"sha256\": \"x\"}");

        assertThat(recorder.recordAll(RUN, "dump-db")).extracting(BackupArtifact::retentionClass).containsExactly("monthly");
        recorder.recordAll(RUN, "later");

        assertThat(warnings).hasSize(4);
        assertThat(warnings.get(0)).startsWith("backup not recorded: " + artifacts.resolve("a-broken.json") + ": not valid JSON");
        assertThat(warnings.get(1)).endsWith("b-nosha.json: field \"sha256\" is missing or not a string");
        assertThat(warnings.get(2)).endsWith("size_bytes is 4 but " + dump + " has 3 bytes");
        assertThat(warnings.get(3)).endsWith("\"orders-20261125T140000.123Z.dump\" is not an absolute path; write the backup's absolute path in \"path\"");
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_REJECTED, AuditActions.BACKUP_REJECTED,
                AuditActions.BACKUP_REJECTED, AuditActions.BACKUP_REJECTED, AuditActions.BACKUP_RECORDED);
        assertThat(audit.events().getFirst().event().details()).containsEntry("file", "a-broken.json");
    }

    @Test
    void whenTheAuditFailsNothingIsRecorded() throws Exception {
        Files.writeString(artifacts.resolve("orders-db-backup.json"), metadata(""));
        audit.failAll();
        try {
            recorder.recordAll(RUN, "dump-db");
        } catch (RuntimeException expected) {
            // the engine reports listener failures; the point is the catalog stays empty
        }
        assertThat(catalog.list(Optional.empty())).isEmpty();
    }
}
