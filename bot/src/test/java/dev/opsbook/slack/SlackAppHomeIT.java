package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The App Home on the real server and engine: a signed {@code app_home_opened} publishes ({@code views.publish})
 * a page for that person alone — the approvers bob and carol see alice's run waiting at {@code restore-files}
 * with Approve/Reject; alice (the requester, self-approval off) and dan (no approver) do not, alice sees it
 * among her active runs with Cancel; everyone sees the latest drill against its RTO. bob and carol approve
 * with the buttons of their pages: the votes go through the engine's approval desk (audited as button votes
 * with the run's thread), the run continues to success, and each page is republished with the answer on top.
 * Opening the Home again shows the page as it now is; alice cancels her next run with its Cancel button there.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackAppHomeIT {
    static final String SECRET = "a-signing-secret-for-the-app-home";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Pattern RUN_ID = Pattern.compile("Run `([^`]+)` of `drill-files` started");
    static final ObjectMapper JSON = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> Path.of("src/test/resources/chatops/runbooks").toAbsolutePath().toString());
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.users.bob.slack", () -> "U2");
        registry.add("opsbook.chat.users.carol.slack", () -> "U3");
        registry.add("opsbook.chat.users.dan.slack", () -> "U4");
        TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    SlackTestClient client;

    @BeforeEach
    void client() {
        client = SIGNED.client(port);
    }

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    @Test
    void eachPersonSeesTheirOwnPageAndApprovesFromItThroughTheEngine() throws Exception {
        engine.audit().append(new AuditEvent(new Actor("opsbook", "scheduler", "opsbook scheduler"), AuditActions.DRILL_FINISHED,
                Optional.of("d-home-1"), Optional.empty(), Optional.of(new RunbookRef("orders-db", "ab12", "unknown")), Map.of(),
                "passed", Optional.of(Duration.ofSeconds(95)), Optional.empty(), Map.of("time_to_restore_ms", "90000",
                "rto_ms", "1800000", "met_rto", "true", "service", "orders")));
        client.deliver(SIGNED.command("run drill-files backup-and-restore", "U1", "CH", "trig-h"));
        String runId = SLACK.startedRunId(RUN_ID, "trig-h", 15_000);
        SLACK.approvalRequest(runId, "restore-files", 30_000);
        String parentTs = SLACK.runParent("CH", runId).ts();

        JsonNode bob = open("U2", "Ev-home-bob-1", 1);
        assertThat(bob.path("type").asText()).isEqualTo("home");
        assertThat(text(bob)).contains("Waiting for your approval", "run `" + runId + "`: step `restore-files` needs 2 approval(s)",
                "You have no active runs.", "Latest drills", "drill `d-home-1` restored in 1m30s — within the RTO of 30m");
        assertThat(buttons(bob)).contains("opsbook.approve=" + runId + "|restore-files", "opsbook.reject=" + runId + "|restore-files");

        JsonNode alice = open("U1", "Ev-home-alice-1", 1);
        assertThat(text(alice)).contains("No run is waiting for your approval.", "Your active runs", "run `" + runId + "` is");
        assertThat(buttons(alice)).containsExactly("opsbook.run.cancel=" + runId);
        JsonNode dan = open("U4", "Ev-home-dan-1", 1);
        assertThat(text(dan)).contains("No run is waiting for your approval.", "You have no active runs.").doesNotContain(runId);
        assertThat(buttons(dan)).isEmpty();

        client.deliver(SlackTestClient.appHomeOpened("Ev-home-dan-1", "U4", "home")); // Slack's redelivery publishes nothing new
        assertThat(publishes("U4")).hasSize(1);

        click("U2", bob, "opsbook.approve", "trig-home-bob");
        JsonNode bobAfter = JSON.readTree(SLACK.await("views.publish", c -> "U2".equals(c.params().get("user_id")), 2, 15_000)
                .getLast().params().get("view"));
        assertThat(text(bobAfter)).contains("Your approval of step `restore-files` of run `" + runId + "` counted: 1/2",
                "No run is waiting for your approval.");

        JsonNode carol = open("U3", "Ev-home-carol-1", 1);
        assertThat(buttons(carol)).contains("opsbook.approve=" + runId + "|restore-files");
        click("U3", carol, "opsbook.approve", "trig-home-carol");
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 30_000);

        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(runId, audit::add);
        assertThat(audit).filteredOn(e -> e.event().action().equals(AuditActions.APPROVAL_VOTED))
                .extracting(e -> e.event().actor().userId() + " by " + e.event().details().get("source") + " in "
                        + e.event().threadRef().orElse("?"))
                .containsExactly("bob by button in slack:CH:" + parentTs, "carol by button in slack:CH:" + parentTs);
        assertThat(audit).filteredOn(e -> e.event().action().equals(AuditActions.RUN_FINISHED))
                .singleElement().satisfies(e -> assertThat(e.event().result()).isEqualTo("succeeded"));
        assertThat(String.join("\n", SLACK.threadTexts(parentTs))).contains("Bob Example approved step `restore-files` (1/2 approvals)");

        JsonNode aliceAgain = open("U1", "Ev-home-alice-2", 2);
        assertThat(text(aliceAgain)).contains("You have no active runs.");
        assertThat(buttons(aliceAgain)).isEmpty();

        // Cancel on one's own run, from the page: the engine stops it, audited as alice, and the page says so.
        client.deliver(SIGNED.command("run drill-files backup-and-restore", "U1", "CH", "trig-h2"));
        String second = SLACK.startedRunId(RUN_ID, "trig-h2", 15_000);
        SLACK.approvalRequest(second, "restore-files", 30_000);
        JsonNode withSecond = open("U1", "Ev-home-alice-3", 3);
        assertThat(buttons(withSecond)).containsExactly("opsbook.run.cancel=" + second);
        click("U1", withSecond, "opsbook.run.cancel", "trig-home-cancel");
        JsonNode cancelled = JSON.readTree(SLACK.await("views.publish", c -> "U1".equals(c.params().get("user_id")), 4, 15_000)
                .get(3).params().get("view"));
        assertThat(text(cancelled)).contains("Cancelling run `" + second + "`");
        assertThat(awaitStopped(second)).as("the run stopped").isIn(RunState.CANCELLED, RunState.INTERRUPTED);
        List<RecordedEvent> secondAudit = new ArrayList<>();
        engine.audit().readRun(second, secondAudit::add);
        assertThat(secondAudit).filteredOn(e -> e.event().action().equals(AuditActions.RUN_CANCELLED))
                .extracting(e -> e.event().actor().userId()).contains("alice");
    }

    /**
     * The state the run stopped in, waiting up to 30 s. Cancelled as a rule; interrupted when the cancel reached the
     * run's thread while it waited for a database connection (the engine then cannot record it and the replica
     * duties mark it interrupted — an engine limit noted in the report, not the Home page's doing).
     */
    private RunState awaitStopped(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            RunState state = engine.runs().find(new RunId(runId)).orElseThrow().state();
            if (!state.isActive()) {
                return state;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " still active after 30 s");
    }

    /** Sends {@code app_home_opened} for {@code user} and returns the {@code count}-th page published for them. */
    private JsonNode open(String user, String eventId, int count) throws Exception {
        client.deliver(SlackTestClient.appHomeOpened(eventId, user, "home"));
        return JSON.readTree(SLACK.await("views.publish", c -> user.equals(c.params().get("user_id")), count, 15_000)
                .get(count - 1).params().get("view"));
    }

    private List<FakeSlackApi.Call> publishes(String user) throws InterruptedException {
        Thread.sleep(500);
        return SLACK.calls("views.publish").stream().filter(c -> user.equals(c.params().get("user_id"))).toList();
    }

    /** Clicks the page's button {@code actionId} (its block id and value as published), as Slack sends such a click. */
    private void click(String user, JsonNode page, String actionId, String trigger) throws Exception {
        for (JsonNode block : page.path("blocks")) {
            for (JsonNode element : block.path("elements")) {
                if (actionId.equals(element.path("action_id").asText())) {
                    client.deliver(SlackTestClient.interactionBody(SlackTestClient.homeClick(user, actionId, block.path("block_id").asText(),
                            element.path("value").asText(), trigger)));
                    return;
                }
            }
        }
        throw new AssertionError("no " + actionId + " button on the page " + page);
    }

    private static String text(JsonNode view) {
        List<String> texts = new ArrayList<>();
        view.findValues("text").forEach(t -> texts.add(t.isTextual() ? t.asText() : t.path("text").asText()));
        return String.join("\n", texts);
    }

    /** {@code action_id=value} of every button on the page. */
    private static List<String> buttons(JsonNode view) {
        List<String> found = new ArrayList<>();
        for (JsonNode block : view.path("blocks")) {
            for (JsonNode element : block.path("elements")) {
                if ("button".equals(element.path("type").asText())) {
                    found.add(element.path("action_id").asText() + "=" + element.path("value").asText());
                }
            }
        }
        return found;
    }
}
