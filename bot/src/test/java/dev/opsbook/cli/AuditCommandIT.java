package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditJson;
import dev.opsbook.audit.HashChain;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs {@code opsbook audit ...} in-process against a real PostgreSQL database. */
class AuditCommandIT {
    private final TestDatabase test = TestDatabase.create();
    private final DatabaseSettings settings = DatabaseSettings.external(test.url(), test.user(), test.password());
    private final List<RecordedEvent> appended = new ArrayList<>();
    private String out;
    private String err;

    @BeforeEach
    void threeEvents() {
        try (Database db = Database.open(settings); JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            for (String step : List.of("dump", "upload", "verify")) {
                appended.add(log.append(new AuditEvent(new Actor("cli", "alice", "Alice"), AuditActions.STEP_FINISHED,
                        Optional.of("r-42"), Optional.of(step), Optional.empty(), Map.of("target", "orders"),
                        "succeeded", Optional.of(Duration.ofMillis(12)), Optional.empty(), Map.of("kind", "backup"))));
            }
        }
    }

    @AfterEach
    void drop() {
        test.close();
    }

    private int run(DatabaseSettings target, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine.IFactory withTestDatabase = new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == AuditCommand.class ? (K) new AuditCommand(() -> target) : CommandLine.defaultFactory().create(cls);
            }
        };
        int code = new CommandLine(new Opsbook(), withTestDatabase)
                .setOut(new PrintWriter(o)).setErr(new PrintWriter(e)).execute(args);
        out = o.toString();
        err = e.toString();
        return code;
    }

    private int run(String... args) {
        return run(settings, args);
    }

    private void asSuperuser(String... statements) throws SQLException {
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void verifyReportsAnIntactLogWithItsHead() {
        assertThat(run("audit", "verify")).isZero();
        assertThat(out).isEqualTo("audit log intact: 3 events, head " + appended.getLast().hash() + "\n"
                + "note: no audit key (OPSBOOK_SECRET_AUDIT_SIGNING_KEY or OPSBOOK_AUDIT_PUBLIC_KEY): head signature and"
                + " checkpoints not checked, so a forged event appended with a correct hash would pass\n");
    }

    @Test
    void verifyNamesTheFirstBadSequenceAndExitsOne() throws SQLException {
        asSuperuser("SET session_replication_role = replica",
                "UPDATE audit_event SET result = 'failed' WHERE sequence IN (2, 3)");

        assertThat(run("audit", "verify")).isEqualTo(1);
        assertThat(out).startsWith("audit log broken at sequence 2: stored hash ").contains("the event was altered");
    }

    @Test
    void verifyNoticesTheNewestEventsWereDeleted() throws SQLException {
        asSuperuser("SET session_replication_role = replica", "DELETE FROM audit_event WHERE sequence = 3");

        assertThat(run("audit", "verify")).isEqualTo(1);
        assertThat(out).isEqualTo("audit log broken at sequence 3: event 3 is missing: the chain head records 3 events"
                + " but only 2 are stored (the newest were deleted)\n");
    }

    @Test
    void verifyNoticesAWellForgedRowInsertedBehindOpsbooksBack() throws SQLException {
        RecordedEvent last = appended.getLast();
        RecordedEvent forged = HashChain.link(4, last.time(), last.hash(), last.event());
        try (Connection c = test.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (sequence, time, actor_platform, "
                     + "actor_user_id, actor_display_name, action, run_id, step_id, parameters, result, duration_ms, "
                     + "details, previous_hash, hash) VALUES (4, ?, 'cli', 'alice', 'Alice', 'step.finished', 'r-42', "
                     + "'verify', '{\"target\": \"orders\"}', 'succeeded', 12, '{\"kind\": \"backup\"}', ?, ?)")) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(forged.time(), java.time.ZoneOffset.UTC));
            ps.setString(2, forged.previousHash());
            ps.setString(3, forged.hash());
            ps.executeUpdate();
        }

        assertThat(run("audit", "verify")).isEqualTo(1);
        assertThat(out).isEqualTo("audit log broken at sequence 4: event 4 was not appended by opsbook: the chain head"
                + " records only 3 events (rows were inserted directly)\n");
    }

    @Test
    void verifyChecksAnExpectedHead() {
        assertThat(run("audit", "verify", "--expect-head", appended.get(1).hash())).isZero();

        assertThat(run("audit", "verify", "--expect-head", "e".repeat(64))).isEqualTo(1);
        assertThat(out).startsWith("audit log does not contain the expected head " + "e".repeat(64));

        assertThat(run("audit", "verify", "--expect-head", "nope")).isEqualTo(2);
        assertThat(err).contains("--expect-head must be a SHA-256 in lowercase hex");
    }

    @Test
    void exportWritesJsonLinesToStdoutOrAFile(@TempDir Path dir) throws Exception {
        assertThat(run("audit", "export")).isZero();
        assertThat(out.lines().map(AuditJson::fromLine).toList()).isEqualTo(appended);

        assertThat(run("audit", "export", "--from", "2")).isZero();
        assertThat(out.lines().toList()).containsExactly(AuditJson.toLine(appended.get(1)), AuditJson.toLine(appended.get(2)));

        Path file = dir.resolve("audit.jsonl");
        assertThat(run("audit", "export", "--out", file.toString())).isZero();
        assertThat(Files.readAllLines(file)).hasSize(3).first().isEqualTo(AuditJson.toLine(appended.getFirst()));
        assertThat(err).isEqualTo("exported 3 events to " + file + "\n");
        assertThat(out).isEmpty();

        assertThat(run("audit", "export", "--out", dir.resolve("missing/dir/x.jsonl").toString())).isEqualTo(4);
        assertThat(err).startsWith("error: cannot write ").doesNotContain("\tat ");
    }

    @Test
    void showListsTheEventsOfARun() {
        assertThat(run("audit", "show", "--run", "r-42")).isZero();
        assertThat(out.lines().toList()).hasSize(3).first().asString()
                .startsWith("#1 ").contains("step.finished succeeded step=dump by Alice (cli:alice) in 12 ms {kind=backup}");

        assertThat(run("audit", "show", "--run", "r-0")).isEqualTo(1);
        assertThat(err).isEqualTo("no audit events for run r-0\n");
    }

    @Test
    void aDeadDatabaseIsOneLineAndExitCodeThree() {
        DatabaseSettings dead = DatabaseSettings.external("jdbc:postgresql://127.0.0.1:1/opsbook", "postgres", "");
        assertThat(run(dead, "audit", "verify")).isEqualTo(3); // every subcommand opens the database the same way
        assertThat(err).startsWith("error: cannot connect to jdbc:postgresql://127.0.0.1:1/opsbook")
                .doesNotContain("\tat ").hasLineCount(1);
        assertThat(out).isEmpty();
    }
}
