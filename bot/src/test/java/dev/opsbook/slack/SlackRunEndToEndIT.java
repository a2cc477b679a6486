package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.StartRun;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Chat on the real engine: the server on a random port with its real execution engine on a fresh
 * PostgreSQL database, Slack's Web API faked locally, signed requests posted to {@code /slack/events}.
 * The runbook (test resources {@code chatops/runbooks/drill-files.md}) backs up a folder in the run
 * directory and restores it after two approvals from bob and carol. alice (U1) runs, bob (U2) and
 * carol (U3) approve, dave (U4) is nobody in particular.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackRunEndToEndIT {
    static final String SECRET = "a-signing-secret-for-the-run-e2e";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static Path home;
    static final Pattern RUN_ID = Pattern.compile("Run `([^`]+)` of `drill-files` started");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> Path.of("src/test/resources/chatops/runbooks").toAbsolutePath().toString());
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.users.bob.slack", () -> "U2");
        registry.add("opsbook.chat.users.carol.slack", () -> "U3");
        registry.add("opsbook.chat.users.dave.slack", () -> "U4");
        home = TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    RunbookOperations operations;

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
    void aRunbookRunsToCompletionWithOneApprovalByButtonAndOneByReaction() throws Exception {
        String runId = startRun("CRUN", "trig-a");
        FakeSlackApi.Call request = SLACK.approvalRequest(runId, "restore-files", 30_000);
        String parentTs = SLACK.runParent("CRUN", runId).ts();

        client.deliver(SlackTestClient.interactionBody(button("CRUN", "U2", "bob", runId, request.ts(),
                parentTs, "trig-a-button")));
        SLACK.await("respond", c -> c.body().contains("counted: 1/2"), 1, 10_000);
        assertThat(client.send(client.signedJson(SlackTestClient.reactionEvent("Ev-a-1", "U3", "white_check_mark", "CRUN", request.ts())))
                .statusCode()).isEqualTo(200);
        SLACK.await("chat.postEphemeral", c -> "U3".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("counted: 2/2"), 1, 10_000);

        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 30_000);
        SLACK.await("chat.postMessage", c -> parentTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("text", "").contains("Run `" + runId + "` succeeded"), 1, 10_000);
        List<String> thread = SLACK.threadTexts(parentTs);
        assertThat(String.join("\n", thread)).contains("*Plan* (2 steps)", "Step `backup-files` started",
                "Step `backup-files` succeeded in", "Step `restore-files` needs 2 approvals",
                "Bob Example approved step `restore-files` (1/2 approvals)", "Carol Example approved step `restore-files` (2/2 approvals)",
                "Step `restore-files` succeeded in", "Run `" + runId + "` succeeded");
        assertThat(Files.readString(home.resolve("runs").resolve(runId).resolve("work/data/orders.txt"))).isEqualTo("orders 42\n");

        List<RecordedEvent> audit = audit(runId);
        assertThat(actions(audit, AuditActions.RUN_STARTED)).hasSize(1);
        assertThat(actions(audit, AuditActions.APPROVAL_VOTED))
                .extracting(e -> e.event().actor().userId() + " by " + e.event().details().get("source"))
                .containsExactly("bob by button", "carol by reaction");
        assertThat(actions(audit, AuditActions.APPROVAL_VOTED).getFirst().event().threadRef()).contains("slack:CRUN:" + parentTs);
        assertThat(actions(audit, AuditActions.STEP_FINISHED)).extracting(e -> e.event().stepId().orElseThrow() + " " + e.event().result())
                .containsExactly("backup-files succeeded", "restore-files succeeded");
        assertThat(actions(audit, AuditActions.RUN_FINISHED)).singleElement()
                .satisfies(e -> assertThat(e.event().result()).isEqualTo("succeeded"));
        assertThat(audit.getFirst().event().actor()).isEqualTo(new dev.opsbook.audit.Actor("slack", "alice", "Alice Example"));
        assertThat(AuditVerifier.verify(engine.audit()).intact()).isTrue();
    }

    @Test
    void selfApprovalANonApproverAndALateVoteAreRefusedWithAReasonAndAudited() throws Exception {
        String runId = startRun("CREF", "trig-b");
        FakeSlackApi.Call request = SLACK.approvalRequest(runId, "restore-files", 30_000);
        String parentTs = SLACK.runParent("CREF", runId).ts();

        client.send(client.signedForm(SlackTestClient.interactionBody(button("CREF", "U1", "alice", runId, request.ts(), parentTs, "trig-b-self"))));
        SLACK.await("respond", c -> c.body().contains("does not count") && c.body().contains("self-approval"), 1, 10_000);
        client.send(client.signedJson(SlackTestClient.reactionEvent("Ev-b-dave", "U4", "white_check_mark", "CREF", request.ts())));
        SLACK.await("chat.postEphemeral", c -> "U4".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("not an approver"), 1, 10_000);
        client.send(client.signedForm(SlackTestClient.interactionBody(button("CREF", "U2", "bob", runId, request.ts(), parentTs, "trig-b-bob"))));
        client.send(client.signedForm(SIGNED.command("approve " + runId, "U3", "CREF", "trig-b-carol")));
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 30_000);

        client.send(client.signedForm(SlackTestClient.interactionBody(button("CREF", "U2", "bob", runId, request.ts(), parentTs, "trig-b-late"))));
        SLACK.await("respond", c -> c.body().contains("too late") && c.body().contains(runId), 1, 10_000);

        SLACK.await("chat.postMessage", c -> parentTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("text", "").contains("The vote of Bob Example on step `restore-files` does not count: too late"), 1, 10_000);
        assertThat(String.join("\n", SLACK.threadTexts(parentTs))).contains("The vote of Alice Example on step `restore-files` does not count: self-approval",
                "The vote of Dan Example on step `restore-files` does not count: not an approver");
        assertThat(actions(audit(runId), AuditActions.APPROVAL_REFUSED))
                .extracting(e -> e.event().actor().userId() + ": " + e.event().details().get("reason").split(":")[0])
                .containsExactly("alice: self-approval", "dave: not an approver", "bob: too late");
        assertThat(actions(audit(runId), AuditActions.APPROVAL_VOTED)).hasSize(2);
    }

    @Test
    void aRetriedRunCommandStartsOneRunWhichCanBeCancelled() throws Exception {
        long before = countAll(AuditActions.RUN_STARTED);
        SlackTestClient.Delivery first = client.signedForm(SIGNED.command("run drill-files backup-and-restore",
                "U1", "CRETRY", "trig-c"));
        assertThat(client.send(first).statusCode()).isEqualTo(200);
        assertThat(client.send(first.with("X-Slack-Retry-Num", "1").with("X-Slack-Retry-Reason", "http_timeout")).statusCode())
                .isEqualTo(200);
        String runId = SLACK.startedRunId(RUN_ID, "trig-c", 15_000);
        ChatUser alice = new ChatUser("slack", "U1", "alice");
        String again = operations.start(new StartRun("drill-files", Optional.of("backup-and-restore"), Map.of(), false,
                new Requester(alice, new Identity("alice", Set.of())), ChatThread.channel("slack", "CRETRY"), "slack:command:trig-c")).text();
        assertThat(again).contains("already received");
        SLACK.approvalRequest(runId, "restore-files", 30_000);
        assertThat(countAll(AuditActions.RUN_STARTED)).isEqualTo(before + 1);

        String parentTs = SLACK.runParent("CRETRY", runId).ts();
        client.send(client.signedForm(SIGNED.command("cancel " + runId, "U1", "CRETRY", "trig-c-cancel")));
        SLACK.await("respond", c -> c.body().contains("Cancelling run"), 1, 10_000);
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("cancelled"), 1, 30_000);
        assertThat(actions(audit(runId), AuditActions.RUN_FINISHED)).singleElement()
                .satisfies(e -> assertThat(e.event().result()).isEqualTo("cancelled"));
    }

    @Test
    void dryRunStatusHistoryAuditAndRefusalsAnswerFromTheEngine() throws Exception {
        assertThat(reply("U1", "dry-run drill-files backup-and-restore", "trig-d-dry"))
                .contains("Dry run", "backup-files [backup]", "restore-files [restore] needs 2 approval(s)", "Nothing ran");
        assertThat(reply("U1", "show drill-files", "trig-d-show")).contains("restore-files", "needs 2 approvals");
        assertThat(reply("U4", "run drill-files backup-and-restore", "trig-d-dave"))
                .contains("Cannot run", "not authorised: dave is not among the runners of drill-files");
        assertThat(reply("U1", "run drill-files no-such-procedure", "trig-d-typo")).contains("Cannot run");
        assertThat(reply("U1", "status r-0000000000", "trig-d-status")).contains("There is no run");
        assertThat(reply("U1", "history drill", "trig-d-history")).containsAnyOf("No runs of drill yet", "Recent runs");
        assertThat(reply("U1", "audit r-0000000000", "trig-d-audit")).contains("no events of run");
        assertThat(reply("U1", "resume r-0000000000", "trig-d-resume")).contains("there is no such run");
    }

    /** Sends {@code text} as {@code user} and returns the reply's body. */
    private String reply(String user, String text, String trigger) throws Exception {
        client.deliver(SIGNED.command(text, user, "CCMD", trigger));
        return SLACK.await("respond", c -> c.path().endsWith("/" + trigger), 1, 15_000).getFirst().body();
    }

    private String startRun(String channel, String trigger) throws Exception {
        client.deliver(SIGNED.command("run drill-files backup-and-restore",
                "U1", channel, trigger));
        return SLACK.startedRunId(RUN_ID, trigger, 15_000);
    }





    private List<RecordedEvent> audit(String runId) {
        List<RecordedEvent> events = new ArrayList<>();
        engine.audit().readRun(runId, events::add);
        return events;
    }

    private long countAll(String action) {
        long[] n = {0};
        engine.audit().read(1, e -> n[0] += e.event().action().equals(action) ? 1 : 0);
        return n[0];
    }

    private static List<RecordedEvent> actions(List<RecordedEvent> events, String action) {
        return events.stream().filter(e -> e.event().action().equals(action)).toList();
    }

    private static String button(String channel, String userId, String name, String runId, String messageTs, String threadTs,
                                 String trigger) {
        return SlackTestClient.approveClick(channel, userId, name, runId, "restore-files", messageTs, threadTs, trigger,
                SIGNED.responseUrl(trigger));
    }


}
