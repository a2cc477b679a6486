package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup runbook run through the real CLI, then listed, verified, locked and pruned from the catalog. */
class BackupsCommandIT {
    static final String RUNBOOK = """
            ---
            id: files-db
            title: Files database
            service: files-db
            owners: [alice]
            data_sources:
              - name: files
                type: database
                location: postgresql://127.0.0.1:5432/files
                environments: [local]
                classification: internal
                retention: 30d
                backup_location: ${backup_dir}
            parameters:
              - name: backup_dir
                type: string
                pattern: "^/[A-Za-z0-9._/-]+$"
              - name: created
                type: string
                pattern: "^[0-9TZ:-]*$"
                default: ""
              - name: claim
                type: string
                pattern: "^[A-Za-z0-9._/-]*$"
                default: ""
            ---
            # Files

            ## Backup

            ```bash {#dump kind=backup timeout=1m}
            set -euo pipefail
            f="$BACKUP_DIR/files-$OPSBOOK_RUN_ID.dump"
            printf 'backup of %s\\n' "$OPSBOOK_RUN_ID" >"$f"
            created=${CREATED:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
            target=${CLAIM:-$f}
            printf '{"path": "%s", "created_at": "%s", "size_bytes": %s, "sha256": "%s", "origin": {"host": "localhost", "database": "files"}}' \\
              "$target" "$created" "$(stat -c %s "$target")" "$(sha256sum "$target" | cut -d' ' -f1)" >"$OPSBOOK_ARTIFACTS/files-backup.json"
            echo "wrote $f"
            ```
            """;

    @TempDir
    Path dir;
    CliFixture cli;
    Path runbooks;
    Path backups;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        backups = Files.createDirectories(dir.resolve("backups"));
        Files.writeString(runbooks.resolve("files-db.md"), RUNBOOK);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    CliFixture.Result backups(String... args) {
        return cli.execute(new BackupsCommand(cli.env), args);
    }

    String backup(String... more) {
        String[] args = new String[3 + more.length];
        args[0] = runbooks.resolve("files-db.md").toString();
        args[1] = "backup";
        args[2] = "--param=backup_dir=" + backups;
        System.arraycopy(more, 0, args, 3, more.length);
        CliFixture.Result r = cli.run(args);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r.out().replaceAll("(?s).*run (r-[0-9a-f]{10}) succeeded.*", "$1");
    }

    @Test
    void aRunsBackupIsListedVerifiedAndACorruptedFileFailsVerification() throws Exception {
        String run = backup();
        Path file = backups.resolve("files-" + run + ".dump");

        CliFixture.Result list = backups("files-db");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("CREATED", "files-db", "default", run + "/files-backup  " + file, "-")
                .contains(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(file))).substring(0, 12), Files.size(file) + " B");
        assertThat(backups("other").out()).isEqualTo("no backups recorded for other\n");

        CliFixture.Result ok = backups("verify");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("1 backups checked, 1 intact, 0 with problems\n");

        Files.writeString(file, "tampered\n");
        CliFixture.Result bad = backups("verify");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).contains("mismatch: backup " + run + "/files-backup: " + file + " has sha256 ",
                "1 backups checked, 0 intact, 1 with problems");

        Files.delete(file);
        assertThat(backups("verify").out()).contains("missing: backup " + run + "/files-backup: file " + file + " is missing");
    }

    @Test
    void pruneAppliesTheRunbooksRetentionAndHonoursLocks() throws Exception {
        String old1 = backup("--param=created=2026-01-01T00:00:00Z");
        String old2 = backup("--param=created=2026-01-02T00:00:00Z");
        String fresh = backup();
        assertThat(backups("lock", old1 + "/files-backup").out()).contains("locked " + old1 + "/files-backup");
        assertThat(backups("lock", "r-nope/x").exitCode()).isEqualTo(4);

        CliFixture.Result dry = backups("prune", "--dry-run", "--runbooks", runbooks.toString());
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("files-db: keep-last=1 max-age=30d, 1 would be pruned",
                "would prune " + old2 + "/files-backup");
        assertThat(backups.resolve("files-" + old2 + ".dump")).exists();

        CliFixture.Result prune = backups("prune", "--runbooks", runbooks.toString());
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("pruned " + old2 + "/files-backup");
        assertThat(backups.resolve("files-" + old2 + ".dump")).doesNotExist();
        assertThat(backups.resolve("files-" + old1 + ".dump")).exists();
        assertThat(backups().out()).contains(fresh + "/files-backup", old1 + "/files-backup", "locked")
                .doesNotContain(old2);

        assertThat(backups("unlock", old1 + "/files-backup").exitCode()).isZero();
        backups("prune", "--runbooks", runbooks.toString());
        assertThat(backups.resolve("files-" + old1 + ".dump")).doesNotExist();
        assertThat(backups().out()).contains(fresh).doesNotContain(old1);
    }

    List<String> audited(String action) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        try (java.sql.Connection c = cli.db.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT result, details FROM audit_event WHERE action = '" + action + "' ORDER BY sequence")) {
            while (rs.next()) {
                out.add(rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void backupsOutsideTheDeclaredLocationAreNeverCataloguedSoNeverPruned() throws Exception {
        Path victim = Files.writeString(Files.createDirectories(dir.resolve("outside")).resolve("victim.txt"), "precious\n");
        Path unrelated = Files.writeString(Files.createDirectories(dir.resolve("elsewhere")).resolve("data.db"), "precious\n");
        Path link = Files.createSymbolicLink(backups.resolve("innocent.dump"), victim);
        backup("--param=claim=" + backups + "/../outside/victim.txt", "--param=created=2026-01-01T00:00:00Z");
        backup("--param=claim=" + link, "--param=created=2026-01-02T00:00:00Z");
        backup("--param=claim=" + unrelated, "--param=created=2026-01-03T00:00:00Z");
        String fresh = backup();

        assertThat(backups().out()).contains(fresh).doesNotContain("victim", "innocent", "data.db");
        assertThat(audited("backup.rejected")).hasSize(3).allSatisfy(r -> assertThat(r).contains("is outside the backup locations"
                + " of runbook files-db (" + backups + ")"));
        CliFixture.Result prune = backups("prune", "--runbooks", runbooks.toString());
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(victim).hasContent("precious");
        assertThat(unrelated).hasContent("precious");
    }

    @Test
    void aSecondOlderEntryForAKeptFileIsRejectedSoPruneNeverDeletesIt() throws Exception {
        String fresh = backup();
        Path file = backups.resolve("files-" + fresh + ".dump");
        backup("--param=claim=" + file, "--param=created=2026-01-01T00:00:00Z");

        assertThat(backups().out().lines().filter(l -> l.contains(file.toString()))).hasSize(1);
        assertThat(audited("backup.rejected")).singleElement().asString().contains("is already catalogued as backup " + fresh
                + "/files-backup with the same SHA-256: one catalog entry per file");
        assertThat(backups("prune", "--runbooks", runbooks.toString()).out()).contains("files-db: keep-last=1 max-age=30d, 0 pruned");
        assertThat(file).exists();
        assertThat(backups("verify").out()).isEqualTo("1 backups checked, 1 intact, 0 with problems\n");
    }

    @Test
    void aClaimedSha256ThatDoesNotMatchIsRejected() throws Exception {
        String run = backup();
        Path other = Files.writeString(backups.resolve("other.dump"), "other\n");
        // the step hashes the file it names, then rewrites it (same size): the metadata's sha256 no longer describes it
        String claim = RUNBOOK.replace("echo \"wrote $f\"", "tr a-z A-Z <\"$target\" >\"$target.up\"; mv \"$target.up\" \"$target\"; echo \"wrote $f\"");
        Files.writeString(runbooks.resolve("files-db.md"), claim);
        backup("--param=claim=" + other);
        assertThat(audited("backup.rejected")).singleElement().asString().contains("but " + other + " hashes to ");
        assertThat(backups().out()).contains(run).doesNotContain("other.dump");
    }

    @Test
    void whenTheAuditLogRefusesBackupPrunedPruneSaysSoInOneLineAndDeletesNothing() throws Exception {
        String old = backup("--param=created=2026-01-01T00:00:00Z");
        backup();
        try (java.sql.Connection c = cli.db.connect(); java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER TABLE audit_event ADD CONSTRAINT no_prune CHECK (action <> 'backup.pruned')");
        }

        CliFixture.Result prune = backups("prune", "--runbooks", runbooks.toString());

        assertThat(prune.exitCode()).isEqualTo(3);
        assertThat(prune.err().lines().toList()).singleElement().asString()
                .startsWith("error: the audit log refused backup.pruned for " + old + "/files-backup, so it was not deleted")
                .doesNotContain("Exception", "\tat ");
        assertThat(backups.resolve("files-" + old + ".dump")).exists();
        assertThat(backups().out()).contains(old);
    }

    @Test
    void exitCodesAreTheDocumentedOnes() throws Exception {
        String run = backup();
        cli.env.remove("USER");
        CliFixture.Result who = backups("lock", run + "/files-backup");
        assertThat(who.exitCode()).as("no user is an invalid command line, not a missing backup").isEqualTo(2);
        assertThat(who.err()).isEqualTo("error: who are you? pass --as USER (USER is not set)\n");
        assertThat(backups("prune", "--runbooks", runbooks.toString()).exitCode()).isEqualTo(2);
        assertThat(backups("lock", "r-nope/x", "--as", "alice").exitCode()).as("no such backup").isEqualTo(4);
        CliFixture.Result noDir = backups("prune", "--runbooks", dir.resolve("nope").toString(), "--as", "alice");
        assertThat(noDir.exitCode()).isEqualTo(2);
        assertThat(noDir.err()).isEqualTo("error: runbook directory " + dir.resolve("nope") + " does not exist; pass --runbooks DIR\n");
        Files.writeString(runbooks.resolve("files-db.md"), RUNBOOK.replace("retention: 30d", "retention: forever"));
        CliFixture.Result unreadable = backups("prune", "--runbooks", runbooks.toString(), "--as", "alice");
        assertThat(unreadable.exitCode()).isEqualTo(4);
        assertThat(unreadable.err()).startsWith("error: ").contains("retention \"forever\"").contains("files-db are not pruned");
        assertThat(backups("lock", run + "/files-backup", "--as", "alice").exitCode()).isZero();
    }
}
