package dev.opsbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
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
    /** The runbook of the runs: its backups may only be in ${backup_dir}. */
    static final Runbook RUNBOOK = RunbookParser.parse("runbooks/orders-db.md", """
            ---
            id: orders-db
            title: Orders
            service: orders-db
            owners: [alice]
            parameters:
              - name: backup_dir
            data_sources:
              - name: orders
                type: database
                retention: 30d
                backup_location: ${backup_dir}
            ---
            ```bash {#dump-db kind=backup}
            true
            ```
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).runbook().orElseThrow();

    @TempDir
    Path dir;
    @TempDir
    Path unrelated;
    Path backups;
    Path artifacts;
    Path dump;
    Run RUN;
    final FakeClock clock = FakeClock.at("2026-11-25T14:00:00Z");
    final InMemoryAuditLog audit = new InMemoryAuditLog(clock);
    final InMemoryBackupCatalog catalog = new InMemoryBackupCatalog();
    final List<String> warnings = new ArrayList<>();
    ArtifactRecorder recorder;

    @BeforeEach
    void setUp() throws Exception {
        backups = Files.createDirectories(dir.resolve("backups"));
        RUN = run("r-00000000ab", Map.of("backup_dir", backups.toString()));
        artifacts = Files.createDirectories(dir.resolve("runs/r-00000000ab/artifacts"));
        dump = Files.writeString(backups.resolve("orders-20261125T140000.123Z.dump"), "abc");
        recorder = new ArtifactRecorder(dir.resolve("runs"), dir.resolve("home"), catalog, audit, clock, warnings::add);
    }

    static Run run(String id, Map<String, String> parameters) {
        return new Run(new RunId(id), new RunbookRef("orders-db", "a".repeat(64), "c0ffee"),
                "runbooks/orders-db.md", "orders-db", RunTarget.procedure("backup"), new Actor("cli", "alice", "alice"), parameters,
                List.of(), Instant.parse("2026-11-25T14:00:00Z"), RunState.RUNNING, Optional.empty(), "");
    }

    /** Metadata as the sample writes it, for {@code file} with {@code content}'s size and SHA-256. */
    static String metadataFor(Path file, String content, String created) throws Exception {
        return """
                {"path": "%s", "created_at": "%s", "size_bytes": %d, "sha256": "%s"}
                """.formatted(file, created, content.length(), java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
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
        assertThat(recorder.recordAll(RUN, RUNBOOK, "dump-db")).hasSize(1);
        assertThat(recorder.recordAll(RUN, RUNBOOK, "verify")).isEmpty();

        BackupArtifact a = catalog.list(Optional.of("orders-db")).getFirst();
        assertThat(a.id()).isEqualTo("r-00000000ab/orders-db-backup");
        assertThat(a.stepId()).isEqualTo("dump-db");
        assertThat(a.created()).isEqualTo(Instant.parse("2026-11-25T14:00:01Z"));
        assertThat(a.origin()).containsEntry("host", "127.0.0.1").containsEntry("port", "5432")
                .containsEntry("database", "orders").containsEntry("format", "postgresql-custom");
        assertThat(a.location()).isEqualTo(dump.toRealPath());
        assertThat(a.root()).contains(backups.toRealPath());
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

        assertThat(recorder.recordAll(RUN, RUNBOOK, "dump-db")).extracting(BackupArtifact::retentionClass).containsExactly("monthly");
        recorder.recordAll(RUN, RUNBOOK, "later");

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
            recorder.recordAll(RUN, RUNBOOK, "dump-db");
        } catch (RuntimeException expected) {
            // the engine reports listener failures; the point is the catalog stays empty
        }
        assertThat(catalog.list(Optional.empty())).isEmpty();
    }

    @Test
    void filesOutsideTheDeclaredBackupLocationAreRejectedAndAudited() throws Exception {
        Path victim = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("victim.txt"), "precious");
        Path stranger = Files.writeString(unrelated.resolve("other.dump"), "precious");
        Path link = Files.createSymbolicLink(backups.resolve("link.dump"), victim);
        Files.writeString(artifacts.resolve("a-dotdot.json"), metadataFor(Path.of(backups + "/../outside/victim.txt"), "precious",
                "2026-11-25T14:00:01Z"));
        Files.writeString(artifacts.resolve("b-symlink.json"), metadataFor(link, "precious", "2026-11-25T14:00:01Z"));
        Files.writeString(artifacts.resolve("c-unrelated.json"), metadataFor(stranger, "precious", "2026-11-25T14:00:01Z"));

        assertThat(recorder.recordAll(RUN, RUNBOOK, "dump-db")).isEmpty();

        assertThat(catalog.list(Optional.empty())).isEmpty();
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_REJECTED, AuditActions.BACKUP_REJECTED,
                AuditActions.BACKUP_REJECTED);
        String outside = " is outside the backup locations of runbook orders-db (" + backups + ")";
        assertThat(warnings.get(0)).contains(backups + "/../outside/victim.txt resolves to " + victim.toRealPath() + ", which" + outside);
        assertThat(warnings.get(1)).contains(link + " resolves to " + victim.toRealPath() + ", which" + outside);
        assertThat(warnings.get(2)).contains(stranger + outside);
        assertThat(audit.events().get(1).event().details()).containsEntry("file", "b-symlink.json")
                .containsEntry("location", link.toString()).hasEntrySatisfying("reason", r -> assertThat(r).contains(outside));
    }

    @Test
    void aPathWithDotDotOrASymlinkThatStaysInsideIsRecordedAsItsRealPath() throws Exception {
        Path sub = Files.createDirectories(backups.resolve("sub"));
        Path file = Files.writeString(sub.resolve("x.dump"), "abc");
        Files.writeString(artifacts.resolve("x.json"), metadataFor(Path.of(backups + "/sub/../sub/x.dump"), "abc", "2026-11-25T14:00:01Z"));
        Path linkedRoot = Files.createSymbolicLink(dir.resolve("backups-link"), backups);
        Run viaLink = run("r-00000000ac", Map.of("backup_dir", linkedRoot.toString()));
        Files.createDirectories(dir.resolve("runs/r-00000000ac/artifacts"));
        Files.writeString(dir.resolve("runs/r-00000000ac/artifacts/y.json"), metadataFor(linkedRoot.resolve("y.dump"), "abc",
                "2026-11-25T14:00:01Z"));
        Files.writeString(backups.resolve("y.dump"), "abc");

        assertThat(recorder.recordAll(RUN, RUNBOOK, "dump-db")).singleElement()
                .satisfies(a -> assertThat(a.location()).isEqualTo(file.toRealPath()));
        assertThat(recorder.recordAll(viaLink, RUNBOOK, "dump-db")).singleElement().satisfies(a -> {
            assertThat(a.location()).isEqualTo(backups.resolve("y.dump").toRealPath());
            assertThat(a.root()).contains(backups.toRealPath());
        });
    }

    @Test
    void aRunbookThatDeclaresNoBackupLocationHasItsBackupsRejected() throws Exception {
        Runbook undeclared = RunbookParser.parse("runbooks/x.md", """
                ---
                id: x
                title: X
                service: orders-db
                owners: [alice]
                ---
                ```bash {#dump-db kind=backup}
                true
                ```
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8)).runbook().orElseThrow();
        Files.writeString(artifacts.resolve("orders-db-backup.json"), metadata(""));

        assertThat(recorder.recordAll(RUN, undeclared, "dump-db")).isEmpty();
        assertThat(warnings).singleElement().asString().contains("runbook x declares no backup location: add 'backup_location:'");
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_REJECTED);
    }

    @Test
    void aClaimedSha256ThatDoesNotMatchTheFileIsRejectedAndAudited() throws Exception {
        Files.writeString(artifacts.resolve("orders-db-backup.json"), metadata("").replace(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "0".repeat(64)));

        assertThat(recorder.recordAll(RUN, RUNBOOK, "dump-db")).isEmpty();

        assertThat(catalog.list(Optional.empty())).isEmpty();
        assertThat(warnings).singleElement().asString().contains("sha256 is " + "0".repeat(64) + " but " + dump
                + " hashes to ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_REJECTED);
        assertThat(audit.events().getFirst().event().details().get("reason")).contains("hashes to ba7816bf");
    }

    @Test
    void aSecondEntryForTheSameFileIsRejectedARewrittenFileReplacesItsEntry() throws Exception {
        Files.writeString(artifacts.resolve("orders-db-backup.json"), metadataFor(dump, "abc", "2026-11-25T14:00:01Z"));
        assertThat(recorder.recordAll(RUN, RUNBOOK, "dump-db")).hasSize(1);

        Run second = run("r-00000000ad", Map.of("backup_dir", backups.toString()));
        Path more = Files.createDirectories(dir.resolve("runs/r-00000000ad/artifacts"));
        Files.writeString(more.resolve("older.json"), metadataFor(dump, "abc", "2026-01-01T00:00:00Z"));
        assertThat(recorder.recordAll(second, RUNBOOK, "dump-db")).isEmpty();
        assertThat(warnings).singleElement().asString().contains(dump + " is already catalogued as backup r-00000000ab/orders-db-backup"
                + " with the same SHA-256: one catalog entry per file");
        assertThat(catalog.list(Optional.empty())).extracting(BackupArtifact::id).containsExactly("r-00000000ab/orders-db-backup");

        Files.writeString(dump, "abcd");
        Files.writeString(more.resolve("rewritten.json"), metadataFor(dump, "abcd", "2026-11-26T00:00:00Z"));
        assertThat(recorder.recordAll(second, RUNBOOK, "dump-db")).extracting(BackupArtifact::id)
                .containsExactly("r-00000000ad/rewritten");
        assertThat(catalog.list(Optional.empty())).extracting(BackupArtifact::id).containsExactly("r-00000000ad/rewritten");
        assertThat(catalog.replacedBy()).containsEntry("r-00000000ab/orders-db-backup", "r-00000000ad/rewritten");
        assertThat(audit.actions()).containsExactly(AuditActions.BACKUP_RECORDED, AuditActions.BACKUP_REJECTED,
                AuditActions.BACKUP_RECORDED, AuditActions.BACKUP_REPLACED);

        assertThat(recorder.recordAll(RUN, RUNBOOK, "later")).as("the replaced entry's metadata is not read again").isEmpty();
        assertThat(audit.actions()).hasSize(4);
    }

    @Test
    void asAListenerItRecordsWhatTheRunsRunbookAllows() throws Exception {
        Files.writeString(artifacts.resolve("orders-db-backup.json"), metadata(""));
        dev.opsbook.runbook.Step step = RUNBOOK.step("dump-db").orElseThrow();
        recorder.on(new dev.opsbook.execution.ExecutionEvent.RunStarted(RUN, false, RUNBOOK));
        recorder.on(new dev.opsbook.execution.ExecutionEvent.StepFinished(RUN, step, 1,
                new dev.opsbook.execution.StepResult(dev.opsbook.execution.StepState.SUCCEEDED, Optional.of(0),
                java.time.Duration.ZERO, List.of(), "")));
        assertThat(catalog.list(Optional.empty())).hasSize(1);
    }
}
