package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunUpdate;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.StartRun;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The real server on a random port, Slack's Web API faked locally, requests signed with a real
 * secret and posted to {@code /slack/events} — the way Slack talks to opsbook.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SlackEndToEndIT.Operations.class)
class SlackEndToEndIT {
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final dev.opsbook.jdbc.TestDatabase DB = dev.opsbook.jdbc.TestDatabase.create();

    @TestConfiguration
    static class Operations {
        @Bean
        @Primary
        RecordingRunbookOperations recordingOperations() {
            return new RecordingRunbookOperations();
        }
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        dev.opsbook.server.TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    RecordingRunbookOperations ops;
    @Autowired
    RunbookOperations wired;
    @Autowired
    RunThreadMirror mirror;

    SlackTestClient client;

    @BeforeEach
    void client() {
        client = SIGNED.client(port);
        assertThat(wired).isSameAs(ops);
    }

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    private String command(String text, String trigger) {
        return SIGNED.command(text, "U1", "C1", trigger);
    }

    /** Sends a valid command and waits until it is dispatched, so everything sent before it had its chance. */
    private void barrier(String trigger) throws Exception {
        client.deliver(command("status " + trigger, trigger));
        SLACK.await("respond", c -> c.body().contains("status of " + trigger), 1, 10_000);
    }

    @Test
    void aSlashCommandIsAcknowledgedAtOnceAndAnsweredThroughItsResponseUrl() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> ack = client.send(client.signedForm(
                command("run pg-restore restore target-db=orders note=\"eu west\"", "trig-run-1")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(ack.statusCode()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(3));
        FakeSlackApi.Call reply = SLACK.await("respond", c -> c.body().contains("started pg-restore"), 1, 10_000).getFirst();
        assertThat(reply.body()).contains("\"response_type\":\"ephemeral\"");
        StartRun start = ops.calls(StartRun.class).stream().filter(s -> s.deliveryId().equals("slack:command:trig-run-1"))
                .findFirst().orElseThrow();
        assertThat(start.target()).contains("restore");
        assertThat(start.params()).containsEntry("target-db", "orders").containsEntry("note", "eu west");
        assertThat(start.requester().user().userId()).isEqualTo("U1");
        assertThat(start.thread()).isEqualTo(ChatThread.channel("slack", "C1"));
    }

    @Test
    void malformedCommandsGetAUsageReply() throws Exception {
        client.send(client.signedForm(command("lauch pg-restore", "trig-typo")));
        FakeSlackApi.Call reply = SLACK.await("respond", c -> c.body().contains("lauch"), 1, 10_000).getFirst();
        assertThat(reply.body()).contains("unknown command").contains("/runbook run ID");
    }

    @Test
    void forgedStaleAndUnsignedRequestsAre401AndNothingIsDispatched() throws Exception {
        String body = command("run pg-restore", "trig-forged");
        SlackTestClient.Delivery forged = client.signed(body, "application/x-www-form-urlencoded", "not-the-secret", Instant.now());
        SlackTestClient.Delivery stale = client.signed(body, "application/x-www-form-urlencoded", SECRET,
                Instant.now().minus(Duration.ofMinutes(5)).minusSeconds(30));
        SlackTestClient.Delivery unsigned = client.signedForm(body)
                .with("X-Slack-Signature", null).with("X-Slack-Request-Timestamp", null);
        SlackTestClient.Delivery tampered = new SlackTestClient.Delivery(body.replace("pg-restore", "pg-drop"),
                "application/x-www-form-urlencoded", client.signedForm(body).headers());

        for (SlackTestClient.Delivery d : List.of(forged, stale, unsigned, tampered)) {
            assertThat(client.send(d).statusCode()).isEqualTo(401);
        }
        barrier("trig-after-forged");

        assertThat(ops.calls(StartRun.class)).noneMatch(s -> s.deliveryId().contains("trig-forged"));
        assertThat(SLACK.calls("respond")).noneMatch(c -> c.body().contains("pg-restore") && c.body().contains("forged"));
    }

    @Test
    void aRetriedDeliveryStartsOneRun() throws Exception {
        SlackTestClient.Delivery first = client.signedForm(command("run pg-restore", "trig-retry"));
        SlackTestClient.Delivery retry = client.signedForm(command("run pg-restore", "trig-retry"))
                .with("X-Slack-Retry-Num", "1").with("X-Slack-Retry-Reason", "http_timeout");

        assertThat(client.send(first).statusCode()).isEqualTo(200);
        assertThat(client.send(retry).statusCode()).isEqualTo(200);
        assertThat(client.send(first).statusCode()).isEqualTo(200);
        barrier("trig-after-retry");

        assertThat(ops.calls(StartRun.class)).filteredOn(s -> s.deliveryId().equals("slack:command:trig-retry")).hasSize(1);
    }

    @Test
    void theApproveButtonVotesForItsRunAndStep() throws Exception {
        String payload = """
                {"type":"block_actions","user":{"id":"U2","username":"bob","name":"bob","team_id":"T1"},
                 "api_app_id":"A1","token":"unused","trigger_id":"trig-button-1",
                 "container":{"type":"message","message_ts":"1700000000.000300","channel_id":"C1","is_ephemeral":false},
                 "team":{"id":"T1","domain":"opsbook-test"},"channel":{"id":"C1","name":"ops"},
                 "message":{"type":"message","ts":"1700000000.000300","thread_ts":"1700000000.000100","text":"approve?"},
                 "response_url":"%s/respond/button-1",
                 "actions":[{"action_id":"opsbook.approve","block_id":"opsbook.approval","value":"r-1|restore",
                             "type":"button","action_ts":"1700000001.000001"}]}
                """.formatted(SLACK.url());

        client.deliver(SlackTestClient.interactionBody(payload));

        SLACK.await("respond", c -> c.body().contains("vote approve on r-1"), 1, 10_000);
        CastVote vote = ops.calls(CastVote.class).stream().filter(v -> v.runId().equals("r-1")).findFirst().orElseThrow();
        assertThat(vote.stepId()).contains("restore");
        assertThat(vote.decision()).isEqualTo(Decision.APPROVE);
        assertThat(vote.source()).isEqualTo(CastVote.Source.BUTTON);
        assertThat(vote.voter().user().userId()).isEqualTo("U2");
        assertThat(vote.voter().identity().groups()).as("Slack user group @dba").contains("dba");
        assertThat(vote.thread()).isEqualTo(new ChatThread("slack", "C1", Optional.of("1700000000.000100")));
    }

    @Test
    void reactionsOnAMirroredApprovalRequestVoteOnceEach() throws Exception {
        mirror.follow("r-9", ChatThread.channel("slack", "C9"));
        mirror.publish("r-9", new RunUpdate.RunStarted("pg-restore", "Restore orders", Optional.empty(), false,
                List.of(new RunUpdate.PlannedStep("restore", "restore", "Restore", 1)), "alice"));
        mirror.publish("r-9", new RunUpdate.ApprovalRequested("restore", 1, List.of("bob"), Optional.empty()));
        FakeSlackApi.Call request = SLACK.await("chat.postMessage",
                c -> c.params().getOrDefault("blocks", "").contains("r-9|restore"), 1, 15_000).getFirst();
        String ts = request.ts();
        // the ⏳ mark goes out after the request is remembered for reactions: a reaction before that would not count
        SLACK.await("reactions.add", c -> ts.equals(c.params().get("timestamp")), 1, 15_000);

        String approve = SlackTestClient.reactionEvent("Ev-approve-1", "U3", "white_check_mark", "C9", ts);
        client.deliver(approve);
        assertThat(client.send(client.signedJson(approve).with("X-Slack-Retry-Num", "1")).statusCode()).isEqualTo(200);
        client.deliver(SlackTestClient.reactionEvent("Ev-other", "U3", "thumbsup", "C9", ts));
        client.deliver(SlackTestClient.reactionEvent("Ev-reject-1", "U4", "x", "C9", ts));

        for (String voter : List.of("U3", "U4")) { // each vote is handled on its own chat thread, in any order
            SLACK.await("chat.postEphemeral", c -> c.params().getOrDefault("user", "").equals(voter)
                    && c.params().getOrDefault("channel", "").equals("C9"), 1, 10_000);
        }
        barrier("trig-after-reactions");
        List<CastVote> votes = ops.calls(CastVote.class).stream().filter(v -> v.runId().equals("r-9")).toList();
        assertThat(votes).extracting(CastVote::decision, v -> v.voter().user().userId(), CastVote::source, CastVote::stepId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Decision.APPROVE, "U3", CastVote.Source.REACTION, Optional.of("restore")),
                        org.assertj.core.groups.Tuple.tuple(Decision.REJECT, "U4", CastVote.Source.REACTION, Optional.of("restore")));
    }

    @Test
    void aRateLimitedPostIsRetriedAfterRetryAfter() throws Exception {
        SLACK.rateLimitNext("chat.postMessage", "C429", 1, 1);
        mirror.follow("r-429", ChatThread.channel("slack", "C429"));
        mirror.publish("r-429", new RunUpdate.RunStarted("pg-backup", "Nightly backup r-429", Optional.empty(), false,
                List.of(), "alice"));

        SLACK.await("chat.postMessage", c -> c.params().getOrDefault("text", "").contains("Nightly backup r-429"), 1, 15_000);
        List<FakeSlackApi.Call> posts = SLACK.calls("chat.postMessage");
        FakeSlackApi.Call limited = posts.stream().filter(c -> c.status() == 429 && "C429".equals(c.params().get("channel")))
                .findFirst().orElseThrow();
        FakeSlackApi.Call delivered = posts.stream().filter(c -> c.status() == 200
                && c.params().getOrDefault("text", "").contains("Nightly backup r-429")).findFirst().orElseThrow();
        assertThat(Duration.between(limited.at(), delivered.at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aMirroredRunIsOneParentMessageUpdatedInPlaceWithItsThreadAndLongOutputAsAFile() throws Exception {
        mirror.follow("r-full", ChatThread.channel("slack", "CFULL"));
        mirror.publish("r-full", new RunUpdate.RunStarted("pg-restore", "Restore orders r-full", Optional.of("restore"), false,
                List.of(new RunUpdate.PlannedStep("dump", "backup", "Restore", 0)), "alice"));
        mirror.publish("r-full", new RunUpdate.StepStarted("dump", 1));
        for (int i = 0; i < 300; i++) {
            mirror.publish("r-full", new RunUpdate.StepOutput("dump", List.of("copying table " + i + " of 300")));
        }
        mirror.publish("r-full", new RunUpdate.StepFinished("dump", dev.opsbook.chat.ChatStatus.SUCCEEDED,
                Duration.ofSeconds(42), Optional.of(0), List.of("copying table 299 of 300")));
        mirror.publish("r-full", new RunUpdate.RunFinished(dev.opsbook.chat.ChatStatus.SUCCEEDED, Duration.ofSeconds(45),
                Optional.empty()));

        FakeSlackApi.Call parent = SLACK.await("chat.postMessage",
                c -> c.params().getOrDefault("text", "").contains("Restore orders r-full"), 1, 20_000).getFirst();
        String parentTs = parent.ts();
        assertThat(parent.params()).doesNotContainKey("thread_ts");
        FakeSlackApi.Call finished = SLACK.await("chat.postMessage",
                c -> c.params().getOrDefault("text", "").contains("Run `r-full` succeeded"), 1, 30_000).getFirst();
        assertThat(finished.params()).containsEntry("thread_ts", parentTs);
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 20_000);
        FakeSlackApi.Call upload = SLACK.await("files.completeUploadExternal", c -> true, 1, 20_000).getFirst();
        assertThat(upload.params()).containsEntry("thread_ts", parentTs).containsEntry("channel_id", "CFULL");
        assertThat(SLACK.calls("upload")).anySatisfy(c -> assertThat(c.body()).contains("copying table 0 of 300")
                .contains("copying table 299 of 300"));
        assertThat(SLACK.calls("files.getUploadURLExternal")).anySatisfy(c ->
                assertThat(c.params()).containsEntry("filename", "r-full-dump.log"));
    }


}
