package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.StartDrill;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A drill from Slack on the real server and engine: the sample {@code orders-db} runbook (its sandbox
 * renamed for this test) against the real PostgreSQL. A backup runs on the server's engine, then
 * {@code /runbook drill} restores it into the sandbox and validates it; the drill's thread closes
 * with the phase times, the alert channel gets the result, a lesson is attached from chat, a
 * scheduled drill (requester {@code opsbook:scheduler}) runs through the same port, and
 * {@code /actuator/prometheus} scraped over HTTP shows the backup, runs and drills.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackDrillEndToEndIT {
    static final String SECRET = "a-signing-secret-for-the-drill-e2e";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final String TAG = "dd" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String DATABASE = "orders_" + TAG;
    /** The test PostgreSQL server: the sample's default (pg_port 0) is its own sandbox cluster. */
    static final URI PG = URI.create(DB.url().substring("jdbc:".length()));
    static final Map<String, String> SERVER = Map.of("pg_host", PG.getHost(), "pg_port", String.valueOf(PG.getPort() < 0 ? 5432 : PG.getPort()),
            "pg_user", DB.user());
    static final String SANDBOX = DATABASE + "_drill";
    static final Pattern DRILL_ID = Pattern.compile("Drill `([^`]+)` of `orders-db` started");
    static Path repo;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        repo = Files.createTempDirectory("opsbook-drill-repo");
        Path samples = locate("runbooks");
        Files.createDirectories(repo.resolve(".git"));
        Files.createSymbolicLink(repo.resolve("docs"), samples.resolveSibling("docs"));
        Path runbooks = Files.createDirectories(repo.resolve("runbooks"));
        Files.createSymbolicLink(runbooks.resolve("lib"), samples.resolve("lib"));
        Files.createSymbolicLink(runbooks.resolve("orders-db"), samples.resolve("orders-db"));
        Files.writeString(runbooks.resolve("orders-db.md"), Files.readString(samples.resolve("orders-db.md"))
                .replace("    scratch_database: orders_drill\n", "    scratch_database: " + SANDBOX + "\n"));
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", runbooks::toString);
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.groups.sre", () -> "alice,scheduler");
        registry.add("opsbook.chat.alerts-channels", () -> "slack:CALERTS");
        TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    RunbookOperations operations;

    @BeforeAll
    static void tools() {
        for (String tool : List.of("psql", "pg_dump", "pg_restore", "jq")) {
            boolean found = java.util.Arrays.stream(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
            org.junit.jupiter.api.Assumptions.assumeTrue(found || "true".equals(System.getenv("CI")), tool + " is not installed");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        String url = System.getenv().getOrDefault("OPSBOOK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        try (var c = DriverManager.getConnection(url, System.getenv().getOrDefault("OPSBOOK_TEST_PG_USER", "postgres"),
                System.getenv().getOrDefault("OPSBOOK_TEST_PG_PASSWORD", "")); var s = c.createStatement()) {
            for (String db : List.of(DATABASE, SANDBOX)) {
                s.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
        }
        SLACK.close();
    }

    @Test
    void aDrillFromSlackRestoresIntoTheSandboxReportsInItsThreadAndTheAlertChannelTakesALessonAndShowsInMetrics() throws Exception {
        String params = "database=" + DATABASE + " backup_dir=" + repo.resolve("backups") + " pg_host=" + SERVER.get("pg_host")
                + " pg_port=" + SERVER.get("pg_port") + " pg_user=" + SERVER.get("pg_user");
        backup();

        SlackTestClient client = SIGNED.client(port);
        String reply = slash(client, "drill orders-db " + params, "CDRILL", "trig-drill");
        Matcher m = DRILL_ID.matcher(reply);
        assertThat(m.find()).as(reply).isTrue();
        String drillId = m.group(1);
        assertThat(reply).contains("into the sandbox (scratch_database", SANDBOX + ")", "against the RTO of 30m");

        String alert = SLACK.await("chat.postMessage", c -> "CALERTS".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains(drillId), 1, 120_000).getFirst().params().get("text");
        assertThat(alert).contains("Drill " + drillId + " of orders-db restored in", "within the RTO of 30m");
        SLACK.await("chat.postMessage", c -> "CDRILL".equals(c.params().get("channel")) && c.params().containsKey("thread_ts")
                && c.params().getOrDefault("text", "").contains("Run `" + drillId + "` succeeded")
                && c.params().getOrDefault("text", "").contains("restored in"), 1, 60_000);

        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(drillId, audit::add);
        RecordedEvent finished = audit.stream().filter(e -> e.event().action().equals(AuditActions.DRILL_FINISHED)).findFirst().orElseThrow();
        assertThat(finished.event().result()).isEqualTo("passed");
        assertThat(finished.event().details()).containsEntry("met_rto", "true").containsEntry("rto_ms", "1800000")
                .containsKeys("time_to_detect_ms", "time_to_respond_ms", "time_to_recover_ms", "time_to_restore_ms");
        assertThat(finished.event().actor()).isEqualTo(new Actor("slack", "alice", "Alice Example"));

        assertThat(slash(client, "lesson " + drillId + " amcheck must be installed in the sandbox", "CDRILL", "trig-lesson"))
                .contains("Lesson added to drill `" + drillId + "`");
        assertThat(slash(client, "lesson r-0000000000 nothing", "CDRILL", "trig-lesson-unknown"))
                .contains("Cannot add the lesson", "there is no drill or run `r-0000000000`");
        List<RecordedEvent> lessons = new ArrayList<>();
        engine.audit().readRun(drillId, e -> {
            if (e.event().action().equals(AuditActions.DRILL_LESSON)) {
                lessons.add(e);
            }
        });
        assertThat(lessons).singleElement().satisfies(e -> assertThat(e.event().details())
                .containsEntry("text", "amcheck must be installed in the sandbox"));

        // A reply starting with "lesson:" in the drill's thread is a lesson too; elsewhere it is refused.
        String parentTs = SLACK.await("chat.postMessage", c -> "CDRILL".equals(c.params().get("channel"))
                && !c.params().containsKey("thread_ts") && c.params().getOrDefault("text", "").contains(drillId), 1, 10_000)
                .getFirst().ts();
        client.deliver(SlackTestClient.threadReplyEvent("Ev-lesson-1", "U1", "CDRILL", "1700000099.000001",
                parentTs, "Lesson: restore first, then page the owner"));
        SLACK.await("chat.postEphemeral", c -> "U1".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("Lesson added to drill `" + drillId + "`"), 1, 15_000);
        client.deliver(SlackTestClient.threadReplyEvent("Ev-lesson-2", "U1", "CALERTS", "1700000099.000002",
                "1699999999.000001", "lesson: not a drill thread"));
        SLACK.await("chat.postEphemeral", c -> c.params().getOrDefault("text", "").contains("could not read this thread"), 1, 15_000);
        List<String> texts = new ArrayList<>();
        engine.audit().readRun(drillId, e -> {
            if (e.event().action().equals(AuditActions.DRILL_LESSON)) {
                texts.add(e.event().actor().userId() + ": " + e.event().details().get("text"));
            }
        });
        assertThat(texts).containsExactly("alice: amcheck must be installed in the sandbox", "alice: restore first, then page the owner");

        // A scheduled drill asks through the same port, as opsbook:scheduler, from no chat command.
        Requester scheduler = new Requester(new ChatUser("opsbook", "scheduler", "scheduler"), new Identity("scheduler", Set.of("sre")));
        Map<String, String> scheduledParams = new java.util.HashMap<>(SERVER);
        scheduledParams.putAll(Map.of("database", DATABASE, "backup_dir", repo.resolve("backups").toString()));
        String scheduled = operations.drill(new StartDrill("orders-db", scheduledParams, scheduler, ChatThread.channel("slack", "CSCHED"), "schedule:orders-db:1")).text();
        Matcher s = DRILL_ID.matcher(scheduled);
        assertThat(s.find()).as(scheduled).isTrue();
        SLACK.await("chat.postMessage", c -> "CALERTS".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains("Drill " + s.group(1) + " of orders-db restored in"), 1, 120_000);
        List<RecordedEvent> scheduledAudit = new ArrayList<>();
        engine.audit().readRun(s.group(1), scheduledAudit::add);
        assertThat(scheduledAudit.getFirst().event().actor()).isEqualTo(new Actor("opsbook", "scheduler", "scheduler"));

        String metrics = scrape();
        assertThat(metrics).contains(
                "opsbook_drills_total{met_rto=\"true\",result=\"passed\",runbook=\"orders-db\",service=\"orders\"} 2.0",
                "opsbook_drill_time_to_restore_seconds_count{runbook=\"orders-db\",service=\"orders\"} 2",
                "opsbook_drill_phase_seconds_count{phase=\"recover\",runbook=\"orders-db\",service=\"orders\"} 2",
                "opsbook_drill_rto_met{runbook=\"orders-db\",service=\"orders\"} 1.0",
                "opsbook_drill_rto_seconds{runbook=\"orders-db\",service=\"orders\"} 1800.0",
                "opsbook_backups_total{result=\"success\",runbook=\"orders-db\",service=\"orders\"} 1.0",
                "opsbook_backup_duration_seconds_count{result=\"success\",runbook=\"orders-db\",service=\"orders\"} 1",
                "opsbook_runs_finished_total{runbook=\"orders-db\",service=\"orders\",state=\"succeeded\"} 4.0",
                "opsbook_runs_in_progress 0.0");
        assertThat(metrics).doesNotContain(drillId);
        assertThat(AuditVerifier.verify(engine.audit()).intact()).isTrue();
    }

    /** Seeds the test database and backs it up on the server's own engine (as a schedule would). */
    private void backup() throws IOException {
        Path file = repo.resolve("runbooks/orders-db.md");
        var rb = RunbookParser.parse(file.toString(), Files.readAllBytes(file)).runbook().orElseThrow();
        Map<String, String> p = new java.util.HashMap<>(SERVER);
        p.putAll(Map.of("database", DATABASE, "backup_dir", repo.resolve("backups").toString()));
        for (String procedure : List.of("seed", "backup")) {
            Run run = engine.executor(List.of(), Confirmation.NOBODY).start(new StartRun(rb, "", RunTarget.procedure(procedure), p,
                    new Actor("slack", "alice", "alice")));
            assertThat(run.state()).as(procedure + ": " + run.message()).isEqualTo(RunState.SUCCEEDED);
        }
    }

    private static String slash(SlackTestClient client, String text, String channel, String trigger) throws Exception {
        client.deliver(SIGNED.command(text, "U1", channel, trigger));
        return SLACK.await("respond", c -> c.path().endsWith("/" + trigger), 1, 30_000).getFirst().body();
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static Path locate(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(name).resolve("orders-db.md"))) {
                return d.resolve(name);
            }
        }
        throw new UncheckedIOException(new IOException(name + "/ not found above " + Path.of("").toAbsolutePath()));
    }
}
