package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditJson;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code opsbook site} in-process on the repository's runbooks, with history from a file and from PostgreSQL. */
class SiteCommandIT {
    private static final Path RUNBOOKS = Path.of("../runbooks");

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int site(Map<String, String> env, String... args) {
        CommandLine cli = new CommandLine(new Opsbook(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == SiteCommand.class ? type.cast(new SiteCommand(env)) : CommandLine.defaultFactory().create(type);
            }
        });
        cli.setOut(new PrintWriter(new StringWriter()));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "site";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private static AuditEvent drill(String runbook, long ttrMs) {
        return new AuditEvent(new Actor("slack", "U1", "Alice"), AuditActions.DRILL_FINISHED, Optional.of("run-9"),
                Optional.empty(), Optional.of(new RunbookRef(runbook, "0".repeat(64), "")), Map.of(), "succeeded",
                Optional.empty(), Optional.empty(), Map.of("time_to_restore_ms", String.valueOf(ttrMs),
                        "rto_ms", "1800000", "met_rto", String.valueOf(ttrMs <= 1_800_000)));
    }

    @Test
    void buildsTheRepositoryRunbooksAndSaysThereIsNoHistory() throws IOException {
        Path out = dir.resolve("site");
        assertThat(site(Map.of(), RUNBOOKS.toString(), "--out", out.toString(),
                "--repo-url", "https://git.example.com/org/opsbook/blob/{commit}/{path}")).as(err.toString()).isZero();
        assertThat(out.resolve("runbooks/orders-db.html")).exists();
        assertThat(Files.readString(out.resolve("runbooks/orders-db.html")))
                .contains("<code class=\"chatcmd\">/runbook drill orders-db</code>", "into the sandbox <code>scratch_database&#61;orders_drill</code>");
        assertThat(Files.readString(out.resolve("index.html"))).contains("No run history");
        assertThat(err.toString()).contains("runbooks → ").contains("files written");

        assertThat(site(Map.of(), RUNBOOKS.toString(), "--out", out.toString(),
                "--repo-url", "https://git.example.com/org/opsbook/blob/{commit}/{path}")).isZero();
        assertThat(err.toString()).contains("0 files written");
    }

    @Test
    void historyFileFeedsTheLivingStatusAndABadLineIsNamed() throws IOException {
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, AuditJson.toLine(new RecordedEvent(1, Instant.parse("2026-11-21T10:00:00Z"),
                drill("orders-db", 2_400_000), "", "h1")) + "\n");
        Path out = dir.resolve("site");
        assertThat(site(Map.of(), RUNBOOKS.toString(), "--out", out.toString(), "--history", history.toString())).isZero();
        assertThat(Files.readString(out.resolve("runbooks/orders-db.html"))).contains("over the RTO of", "40m");

        Files.writeString(history, "{\"sequence\": 1}\n");
        assertThat(site(Map.of(), RUNBOOKS.toString(), "--out", out.toString(), "--history", history.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("history.jsonl:1: not an audit event");
    }

    @Test
    void strictFailsOnLintFindingsAndMissingFoldersAreUsageErrors() throws IOException {
        Path rb = dir.resolve("runbooks");
        Files.createDirectories(rb);
        Files.writeString(rb.resolve("a.md"), "---\nid: a\ntitle: A\nservice: demo\n---\n# A\n\n```bash {#go kind=check timeout=20x}\necho hi\n```\n");
        Path out = dir.resolve("site");
        assertThat(site(Map.of(), rb.toString(), "--out", out.toString())).isZero();
        assertThat(Files.readString(out.resolve("runbooks/a.html"))).contains("bad-duration");
        assertThat(site(Map.of(), rb.toString(), "--out", out.toString(), "--strict")).isEqualTo(1);
        assertThat(site(Map.of(), dir.resolve("nope").toString(), "--out", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope: no such file or directory");
    }

    @Test
    void dbReadsTheAuditLogFromPostgresql() throws IOException {
        try (TestDatabase test = TestDatabase.create()) {
            DatabaseSettings settings = DatabaseSettings.external(test.url(), test.user(), test.password());
            try (Database db = Database.open(settings); JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
                log.append(drill("orders-db", 600_000));
            }
            Path out = dir.resolve("site");
            int code = site(Map.of("OPSBOOK_DB_USER", test.user(), "OPSBOOK_DB_PASSWORD", test.password()),
                    RUNBOOKS.toString(), "--out", out.toString(), "--db", test.url());
            assertThat(code).as(err.toString()).isZero();
            assertThat(Files.readString(out.resolve("runbooks/orders-db.html"))).contains("within", "10m").doesNotContain("No run history");
        }
        assertThat(site(Map.of(), RUNBOOKS.toString(), "--out", dir.resolve("x").toString(),
                "--db", "jdbc:postgresql://127.0.0.1:1/none")).isEqualTo(3);
        assertThat(err.toString()).contains("--db: ");
    }

}
