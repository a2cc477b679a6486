package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TcpProxy;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18, hole 5 in serve: when the audit log's database stops answering (a TCP proxy in front of
 * PostgreSQL, cut by the test), a run asked for in chat is refused with "audit log unavailable" and nothing
 * is started, instead of being accepted; button and reaction votes are answered "audit log unavailable … the vote
 * was not recorded" (HTTP 200 to Slack, nothing recorded), the run that waited for them stops resumable, and once
 * the database is back (the proxy listens again) it resumes and a vote counts.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackOutageIT {
    static final String SECRET = "a-signing-secret-for-the-outage";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final TcpProxy PROXY = TcpProxy.to(5432);
    static final Pattern RUN_ID = Pattern.compile("Run `([^`]+)` of `drill-files` started");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> Path.of("src/test/resources/chatops/runbooks").toAbsolutePath().toString());
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.users.bob.slack", () -> "U2");
        registry.add("opsbook.chat.users.carol.slack", () -> "U3");
        TestEngineProperties.register(registry, DB, PROXY);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    @AfterEach
    void databaseIsBack() throws IOException {
        PROXY.restore();
    }

    @AfterAll
    static void stop() {
        PROXY.close();
        SLACK.close();
    }

    @Test
    void aRunAskedForWhileTheDatabaseIsDownIsRefusedSayingTheAuditLogIsUnavailable() throws Exception {
        SlackTestClient client = SIGNED.client(port);
        PROXY.cut();

        client.deliver(SIGNED.command("run drill-files backup-and-restore", "U1",
                "COUT", "trig-out"));

        String answer = SLACK.await("respond", c -> c.path().endsWith("/trig-out"), 1, 30_000).getFirst().body();
        assertThat(answer).contains("audit log unavailable", "nothing was started")
                .doesNotContain("started; follow it");
        assertThat(SLACK.calls("chat.postMessage")).as("no run thread was opened")
                .noneMatch(c -> "COUT".equals(c.params().get("channel")));
    }

    @Test
    void votesWhileTheDatabaseIsDownAreAnsweredAsNotRecordedAndCountOnceItIsBack() throws Exception {
        SlackTestClient client = new SlackTestClient("http://127.0.0.1:" + port, SECRET);
        assertThat(client.send(client.signedForm(SlackTestClient.slashCommandBody("run drill-files backup-and-restore", "U1",
                "CVO", "trig-vo", SLACK.url() + "/respond/trig-vo"))).statusCode()).isEqualTo(200);
        String runId = SLACK.startedRunId(RUN_ID, "trig-vo", 15_000);
        FakeSlackApi.Call request = SLACK.approvalRequest(runId, "restore-files", 30_000);
        String parentTs = SLACK.runParent("CVO", runId).ts();

        PROXY.cut();
        long cutAt = System.nanoTime();
        assertThat(client.send(client.signedJson(SlackTestClient.reactionEvent("Ev-vo-carol", "U3", "white_check_mark", "CVO",
                request.ts()))).statusCode()).as("a reaction vote is acknowledged").isEqualTo(200);
        assertThat(client.send(client.signedForm(SlackTestClient.interactionBody(SlackTestClient.approveClick("CVO", "U2", "u2",
                runId, "restore-files", request.ts(), parentTs, "trig-vo-bob", SLACK.url() + "/respond/trig-vo-bob"))))
                .statusCode()).as("a button vote is acknowledged").isEqualTo(200);
        System.out.println("SlackOutageIT: both votes acknowledged " + (System.nanoTime() - cutAt) / 1_000_000 + " ms after the cut");

        String button = SLACK.await("respond", c -> c.path().endsWith("/trig-vo-bob"), 1, 30_000).getFirst().body();
        assertThat(button).contains("audit log unavailable", "not recorded").doesNotContain("counted");
        String reaction = SLACK.await("chat.postEphemeral", c -> "U3".equals(c.params().get("user")), 1, 30_000)
                .getFirst().params().get("text");
        assertThat(reaction).contains("audit log unavailable", "not recorded").doesNotContain("counted");

        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("interrupted"), 1, 30_000);

        // the database is back: the run that waited is marked interrupted, resumes, and a vote counts
        PROXY.restore();
        for (int i = 0; i < 300 && engine.runs().find(new RunId(runId)).orElseThrow().state() != RunState.INTERRUPTED; i++) {
            engine.recover();
            Thread.sleep(100);
        }
        assertThat(engine.runs().find(new RunId(runId)).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(runId, audit::add);
        assertThat(audit).as("nothing of the votes was recorded during the outage")
                .noneMatch(e -> e.event().action().startsWith("approval.voted") || e.event().action().equals(AuditActions.APPROVAL_REFUSED));

        for (int i = 0; i < 100 && engine.auditUnavailable().isPresent(); i++) {
            Thread.sleep(100); // runs are refused for 5 s after the last failure seen (docs/execution.md)
        }
        assertThat(client.send(client.signedForm(SlackTestClient.slashCommandBody("resume " + runId, "U1", "CVO", "trig-vo-resume",
                SLACK.url() + "/respond/trig-vo-resume"))).statusCode()).isEqualTo(200);
        FakeSlackApi.Call again = SLACK.await("chat.postMessage", c -> c.params().getOrDefault("blocks", "")
                .contains(runId + "|restore-files"), 2, 30_000).getLast();
        assertThat(client.send(client.signedForm(SlackTestClient.interactionBody(SlackTestClient.approveClick("CVO", "U2", "u2",
                runId, "restore-files", again.ts(), parentTs, "trig-vo-bob-2", SLACK.url() + "/respond/trig-vo-bob-2"))))
                .statusCode()).isEqualTo(200);
        assertThat(SLACK.await("respond", c -> c.path().endsWith("/trig-vo-bob-2"), 1, 30_000).getFirst().body())
                .contains("counted: 1/2");
    }
}
