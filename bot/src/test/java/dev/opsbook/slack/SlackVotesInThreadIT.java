package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Votes live in the run's thread: on the real engine, every vote and every refusal — also late ones
 * on a finished run, whether they come by button, reaction, command typed in the channel or the
 * dashboard — is answered in the run's thread, named by the voter's Slack display name
 * ({@code users.info}), audited with the run's full thread reference, and the approval request shows
 * its state by opsbook's own reaction (⏳ while it waits, ✅ once approved).
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackVotesInThreadIT {
    static final String SECRET = "a-signing-secret-for-votes-in-thread";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Pattern RUN_ID = Pattern.compile("Run `([^`]+)` of `drill-files` started");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> Path.of("src/test/resources/chatops/runbooks").toAbsolutePath().toString());
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.users.bob.slack", () -> "U2");
        registry.add("opsbook.chat.users.carol.slack", () -> "U3");
        TestEngineProperties.register(registry, DB);
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
    void votesAndLateVotesFromEverySourceAreAnsweredInTheRunsThreadByDisplayName() throws Exception {
        client.deliver(SIGNED.command("run drill-files backup-and-restore", "U1", "CV", "trig-v"));
        String runId = SLACK.startedRunId(RUN_ID, "trig-v", 15_000);
        FakeSlackApi.Call request = SLACK.approvalRequest(runId, "restore-files", 30_000);
        String parentTs = SLACK.runParent("CV", runId).ts();
        SLACK.await("reactions.add", c -> request.ts().equals(c.params().get("timestamp"))
                && "hourglass_flowing_sand".equals(c.params().get("name")), 1, 10_000);

        client.deliver(SlackTestClient.interactionBody(click("U2", runId, request.ts(), parentTs, "trig-v-bob")));
        SLACK.await("respond", c -> c.path().endsWith("/trig-v-bob") && c.body().contains("counted: 1/2"), 1, 10_000);
        client.deliver(SIGNED.command("approve " + runId, "U3", "CV", "trig-v-carol"));
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 30_000);
        SLACK.await("reactions.add", c -> request.ts().equals(c.params().get("timestamp"))
                && "white_check_mark".equals(c.params().get("name")), 1, 10_000);
        assertThat(SLACK.calls("reactions.remove")).anySatisfy(c -> assertThat(c.params())
                .containsEntry("timestamp", request.ts()).containsEntry("name", "hourglass_flowing_sand"));

        // late votes, one from every source; the command and the dashboard vote come from outside the thread
        client.deliver(SlackTestClient.interactionBody(click("U2", runId, request.ts(), parentTs, "trig-v-late")));
        client.deliver(SlackTestClient.reactionEvent("Ev-v-late", "U3", "white_check_mark", "CV", request.ts()));
        client.deliver(SIGNED.command("reject " + runId + " changed my mind", "U3", "COTHER", "trig-v-late-cmd"));
        String web = operations.vote(new CastVote(runId, Optional.empty(), Decision.APPROVE, Optional.empty(),
                new Requester(new ChatUser("web", "carol", "Carol on the web"), new Identity("carol", Set.of())),
                ChatThread.channel("web", "dashboard"), CastVote.Source.WEB)).text();
        assertThat(web).contains("does not count");

        SLACK.await("respond", c -> c.path().endsWith("/trig-v-late") && c.body().contains("too late"), 1, 10_000);
        SLACK.await("chat.postEphemeral", c -> "U3".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("does not count"), 1, 10_000);
        SLACK.await("respond", c -> c.path().endsWith("/trig-v-late-cmd") && c.body().contains("does not count"), 1, 10_000);
        List<FakeSlackApi.Call> lateInThread = SLACK.await("chat.postMessage", c -> parentTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("text", "").contains("does not count"), 4, 15_000);
        assertThat(lateInThread).extracting(c -> c.params().get("text")).anySatisfy(t -> assertThat(t).contains("Bob Example"))
                .anySatisfy(t -> assertThat(t).contains("Carol Example")).anySatisfy(t -> assertThat(t).contains("Carol on the web"));
        assertThat(SLACK.calls("chat.postMessage")).as("nothing about the vote outside the run's thread")
                .noneMatch(c -> "COTHER".equals(c.params().get("channel")));

        String thread = String.join("\n", SLACK.threadTexts(parentTs));
        assertThat(thread).contains("Bob Example approved step `restore-files` (1/2 approvals)",
                "Carol Example approved step `restore-files` (2/2 approvals)");
        assertThat(thread).doesNotContain("U1", "U2", "U3", "slack:");

        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(runId, audit::add);
        List<RecordedEvent> voted = audit.stream().filter(e -> e.event().action().equals(AuditActions.APPROVAL_VOTED)).toList();
        List<RecordedEvent> refused = audit.stream().filter(e -> e.event().action().equals(AuditActions.APPROVAL_REFUSED)).toList();
        assertThat(voted).extracting(e -> e.event().actor().displayName() + " by " + e.event().details().get("source"))
                .containsExactly("Bob Example by button", "Carol Example by command");
        assertThat(refused).extracting(e -> e.event().details().get("source"))
                .containsExactlyInAnyOrder("button", "reaction", "command", "web");
        assertThat(voted).allSatisfy(e -> assertThat(e.event().threadRef()).contains("slack:CV:" + parentTs));
        assertThat(refused).allSatisfy(e -> assertThat(e.event().threadRef()).contains("slack:CV:" + parentTs));
        assertThat(audit.getFirst().event().actor()).isEqualTo(new dev.opsbook.audit.Actor("slack", "alice", "Alice Example"));
    }

    private static String click(String user, String runId, String ts, String parentTs, String trigger) {
        return SlackTestClient.approveClick("CV", user, user.toLowerCase(), runId, "restore-files", ts, parentTs, trigger,
                SIGNED.responseUrl(trigger));
    }
}
