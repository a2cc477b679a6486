package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server following edits of a runbook repository (a temporary git repository): a {@code schedules:}
 * entry committed to a runbook becomes a clustered trigger, audited as {@code schedule.reconciled} with the
 * commit, and is gone once removed again; a runbook directory that is gone for a moment removes no trigger; a committed {@code failover:} block is watched, restarted when it changes
 * and stops being watched when it is removed, each audited as {@code failover.reloaded} with the commit.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token=", "opsbook.web.refresh-debounce=200ms", "opsbook.web.history-poll=300ms",
                "opsbook.web.git-poll=500ms"})
class RunbookReloadIT {
    static final TestDatabase DB = TestDatabase.create();
    static final Path RUNBOOKS = repository();
    static final Requester ALICE = new Requester(new ChatUser("test", "alice", "alice"), new Identity("alice", Set.of()));
    static final String NIGHTLY = """
            ---
            id: nightly
            title: Nightly
            service: ledger
            owners:
              team: sre
              people:
                - id: alice
            rto: 1h
            rpo: 1d
            %s---

            A runbook whose schedules the test edits.

            ## Backup

            ```bash {#dump kind=check timeout=1m}
            echo dumping
            ```
            """;

    static final String GUARDED = """
            ---
            id: guarded
            title: Guarded
            service: payments
            owners:
              team: sre
              people:
                - id: alice
            approvers: [bob]
            rto: 1h
            rpo: 1d
            %s---

            A runbook whose failover block the test edits.

            ## Failover

            ```bash {#promote kind=failover approvals=1}
            echo promoted
            ```
            """;
    static final String FAILOVER_BLOCK = """
            failover:
              procedure: failover
              interval: 1s
              retry_timeout: 1s
              ttl: 5s
              promote:
                failing: 80%%
                window: 3s
              recover:
                window: %s
              probes:
                - name: up
                  command: "true"
            """;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestEngineProperties.register(registry, DB);
        registry.add("opsbook.chat.runbooks", RUNBOOKS::toString);
    }


    @Autowired
    Engine engine;
    @Autowired
    EngineRunbookOperations operations;
    @Autowired
    AfterReadiness afterReadiness;

    /** Schedules and failover controllers first read the runbooks after readiness: change them only after that. */
    @BeforeEach
    void startedAfterReadiness() {
        within(Duration.ofSeconds(30), () -> afterReadiness.pending().isEmpty());
    }

    @Test
    void aCommittedScheduleBecomesATriggerAndARemovedOneIsGone() throws Exception {
        assertThat(triggers()).isEmpty();
        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted("""
                schedules:
                  - cron: "0 0 2 * * ?"
                    time_zone: Europe/Berlin
                    run: backup
                """));
        String added = commit("nightly backup at 02:00");
        within(Duration.ofSeconds(15), () -> triggers().contains("nightly/1-backup"));
        RecordedEvent reconciled = value(Duration.ofSeconds(10), () -> last(AuditActions.SCHEDULE_RECONCILED)
                .filter(e -> e.event().details().get("commit").equals(added)));
        assertThat(reconciled.event().details()).containsEntry("added", "nightly/1-backup").containsEntry("removed", "");
        assertThat(operations.schedules(Optional.of("ledger"), ALICE).text()).contains("nightly/1-backup");

        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted(""));
        String removed = commit("no more nightly backup");
        within(Duration.ofSeconds(15), () -> triggers().isEmpty());
        RecordedEvent gone = value(Duration.ofSeconds(10), () -> last(AuditActions.SCHEDULE_RECONCILED)
                .filter(e -> e.event().details().get("commit").equals(removed)));
        assertThat(gone.event().details()).containsEntry("removed", "nightly/1-backup").containsEntry("added", "");
        assertThat(operations.schedules(Optional.of("ledger"), ALICE).text()).doesNotContain("nightly/1-backup");
    }

    void within(Duration limit, java.util.function.BooleanSupplier condition) {
        value(limit, () -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
    }

    /** Polls every 100 ms until {@code probe} answers something or {@code limit} passes (then the test fails). */
    <T> T value(Duration limit, java.util.function.Supplier<Optional<T>> probe) {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            Optional<T> v = probe.get();
            if (v.isPresent()) {
                return v.get();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<String> audited = new ArrayList<>();
        engine.audit().read(1, e -> audited.add(e.event().action() + " " + e.event().result() + " " + e.event().details()));
        throw new AssertionError("nothing within " + limit + "; audit log: " + String.join("\n", audited) + "; triggers: " + triggers());
    }

    @Test
    void aBrokenEditKeepsTheTriggersOfTheLastGoodVersion() throws Exception {
        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted("""
                schedules:
                  - {cron: "0 0 4 * * ?", run: backup}
                """));
        commit("nightly backup at 04:00");
        within(Duration.ofSeconds(15), () -> triggers().contains("nightly/1-backup"));
        int reloads = count(AuditActions.RUNBOOKS_RELOADED);
        // a cron with five fields is a lint error: the file is broken, its last good version stays loaded
        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted("""
                schedules:
                  - {cron: "0 4 * * *", run: backup}
                """));
        String broken = commit("broken cron");
        value(Duration.ofSeconds(15), () -> last(AuditActions.RUNBOOKS_RELOADED)
                .filter(e -> count(AuditActions.RUNBOOKS_RELOADED) > reloads && e.event().details().get("commit").equals(broken)));
        Thread.sleep(1000);
        assertThat(triggers()).as("a broken edit must not silently stop the nightly backup").contains("nightly/1-backup");

        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted(""));
        commit("no more nightly backup");
        within(Duration.ofSeconds(15), () -> triggers().isEmpty());
    }

    @Test
    void aRunbookDirectoryThatIsGoneForAMomentWipesNoSchedule() throws Exception {
        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted("""
                schedules:
                  - {cron: "0 0 3 * * ?", run: backup}
                """));
        commit("nightly backup at 03:00");
        within(Duration.ofSeconds(15), () -> triggers().contains("nightly/1-backup"));
        int reloads = count(AuditActions.RUNBOOKS_RELOADED);
        Path away = RUNBOOKS.resolveSibling(RUNBOOKS.getFileName() + "-away");
        Files.move(RUNBOOKS, away);
        try {
            value(Duration.ofSeconds(15), () -> last(AuditActions.RUNBOOKS_RELOADED)
                    .filter(e -> count(AuditActions.RUNBOOKS_RELOADED) > reloads && e.event().details().get("commit").isEmpty()));
            Thread.sleep(1000);
            assertThat(triggers()).contains("nightly/1-backup");
        } finally {
            Files.move(away, RUNBOOKS);
        }
        Files.writeString(RUNBOOKS.resolve("nightly.md"), NIGHTLY.formatted(""));
        commit("no more nightly backup");
        within(Duration.ofSeconds(15), () -> triggers().isEmpty());
    }

    @Test
    void aCommittedFailoverBlockIsWatchedRestartedWhenChangedAndNoLongerWatchedWhenRemoved() throws Exception {
        Files.writeString(RUNBOOKS.resolve("guarded.md"), GUARDED.formatted(FAILOVER_BLOCK.formatted("3s")));
        String added = commit("watch payments");
        RecordedEvent started = value(Duration.ofSeconds(15), () -> last(AuditActions.FAILOVER_RELOADED)
                .filter(e -> e.event().details().get("commit").equals(added)));
        assertThat(started.event().details()).containsEntry("started", "payments");
        assertThat(operations.failover(Optional.of("payments"), ALICE).text()).contains("Failover controller of `payments`");
        within(Duration.ofSeconds(20), () -> operations.failover(Optional.of("payments"), ALICE).text().contains(": watching"));

        Files.writeString(RUNBOOKS.resolve("guarded.md"), GUARDED.formatted(FAILOVER_BLOCK.formatted("1m")));
        String changed = commit("payments recovers over a minute");
        RecordedEvent restarted = value(Duration.ofSeconds(15), () -> last(AuditActions.FAILOVER_RELOADED)
                .filter(e -> e.event().details().get("commit").equals(changed)));
        assertThat(restarted.event().details()).containsEntry("restarted", "payments");
        assertThat(operations.failover(Optional.of("payments"), ALICE).text()).contains(": recovering");

        Files.writeString(RUNBOOKS.resolve("guarded.md"), GUARDED.formatted(""));
        String removed = commit("payments no longer watched");
        RecordedEvent stopped = value(Duration.ofSeconds(15), () -> last(AuditActions.FAILOVER_RELOADED)
                .filter(e -> e.event().details().get("commit").equals(removed)));
        assertThat(stopped.event().details()).containsEntry("stopped", "payments");
        assertThat(operations.failover(Optional.of("payments"), ALICE).text()).contains("No failover controller watches `payments`");
    }

    private List<String> triggers() {
        List<String> names = new ArrayList<>();
        try (Connection c = engine.database().dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT trigger_group || '/' || trigger_name FROM qrtz_triggers WHERE trigger_group <> '_opsbook'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    private int count(String action) {
        int[] n = {0};
        engine.audit().read(1, e -> n[0] += e.event().action().equals(action) ? 1 : 0);
        return n[0];
    }

    private Optional<RecordedEvent> last(String action) {
        List<RecordedEvent> out = new ArrayList<>();
        engine.audit().read(1, e -> {
            if (e.event().action().equals(action)) {
                out.add(e);
            }
        });
        return out.isEmpty() ? Optional.empty() : Optional.of(out.getLast());
    }

    static String commit(String message) throws IOException, InterruptedException {
        git("add", "-A");
        git("commit", "-q", "-m", message);
        return git("rev-parse", "HEAD");
    }

    static String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", RUNBOOKS.toString(), "-c", "user.name=test",
                "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    private static Path repository() {
        try {
            Path dir = Files.createTempDirectory("opsbook-reload-runbooks");
            Files.writeString(dir.resolve("nightly.md"), NIGHTLY.formatted(""));
            new ProcessBuilder("git", "init", "-q", dir.toString()).inheritIO().start().waitFor();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
