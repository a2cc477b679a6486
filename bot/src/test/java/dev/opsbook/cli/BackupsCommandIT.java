package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
            parameters:
              - name: backup_dir
                type: string
                pattern: "^/[A-Za-z0-9._/-]+$"
              - name: created
                type: string
                pattern: "^[0-9TZ:-]*$"
                default: ""
            ---
            # Files

            ## Backup

            ```bash {#dump kind=backup timeout=1m}
            set -euo pipefail
            f="$BACKUP_DIR/files-$OPSBOOK_RUN_ID.dump"
            printf 'backup of %s\\n' "$OPSBOOK_RUN_ID" >"$f"
            created=${CREATED:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
            printf '{"path": "%s", "created_at": "%s", "size_bytes": %s, "sha256": "%s", "origin": {"host": "localhost", "database": "files"}}' \\
              "$f" "$created" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)" >"$OPSBOOK_ARTIFACTS/files-backup.json"
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
}
