package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.cli.Opsbook;
import dev.opsbook.jdbc.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two real {@code opsbook serve} processes (replicas A and B) on one fresh PostgreSQL database, with
 * Slack's Web API faked locally and signed requests posted to each replica's {@code /slack/events},
 * as a load balancer would. The runbook (test resources {@code chatops/runbooks/drill-files.md})
 * needs two approvals (bob U2, carol U3) before its restore step; alice (U1) runs it. The last test
 * kills replica A.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {
    static final String SECRET = "a-signing-secret-for-two-replicas";
    static final Pattern RUN_ID = Pattern.compile("Run `([^`]+)` of `drill-files` started");
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final TestDatabase DB = TestDatabase.create();
    static Replica a;
    static Replica b;

    record Replica(String name, Process process, Path home, Path log, String base, SlackTestClient client) {
        String reply(String user, String text, String trigger) throws Exception {
            assertThat(client.send(client.signedForm(SlackTestClient.slashCommandBody(text, user, "CREP", trigger,
                    SLACK.url() + "/respond/" + trigger))).statusCode()).isEqualTo(200);
            return SLACK.await("respond", c -> c.path().endsWith("/" + trigger), 1, 30_000).getFirst().body();
        }
    }

    @BeforeAll
    static void startReplicas() throws Exception {
        CompletableFuture<Replica> first = CompletableFuture.supplyAsync(() -> start("a"));
        CompletableFuture<Replica> second = CompletableFuture.supplyAsync(() -> start("b"));
        a = first.join();
        b = second.join();
        awaitReady(a);
        awaitReady(b);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Replica r : new Replica[] {a, b}) {
            if (r != null) {
                r.process().destroy();
                if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
                    r.process().destroyForcibly();
                }
            }
        }
        SLACK.close();
        DB.close();
    }

    @Test
    @Order(1)
    void theSameDeliverySentToBothReplicasStartsExactlyOneRun() throws Exception {
        SlackTestClient.Delivery delivery = a.client().signedForm(SlackTestClient.slashCommandBody(
                "run drill-files backup-and-restore", "U1", "CDUP", "trig-dup", SLACK.url() + "/respond/trig-dup"));
        CompletableFuture<Integer> toA = CompletableFuture.supplyAsync(() -> send(a, delivery));
        CompletableFuture<Integer> toB = CompletableFuture.supplyAsync(() -> send(b, delivery));
        assertThat(toA.join()).isEqualTo(200);
        assertThat(toB.join()).isEqualTo(200);
        String runId = SLACK.startedRunId(RUN_ID, "trig-dup", 30_000);
        SLACK.approvalRequest(runId, "restore-files", 60_000);
        Thread.sleep(2_000); // a second run, had one been started, would have answered by now
        assertThat(SLACK.calls("respond").stream().filter(c -> c.path().endsWith("/trig-dup")).count()).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM run")).isEqualTo("1");
        assertThat(scalar("SELECT count(*) FROM audit_event WHERE action = 'run.started'")).isEqualTo("1");

        assertThat(a.reply("U1", "cancel " + runId, "trig-dup-cancel")).contains("Cancelling run `" + runId + "`");
        awaitState(runId, "cancelled");
    }

    @Test
    @Order(2)
    void aRunStartedThroughAIsSeenBusyAndApprovedThroughBAndCompletes() throws Exception {
        String runId = start(a, "CAPP", "trig-app");
        FakeSlackApi.Call request = SLACK.approvalRequest(runId, "restore-files", 60_000);
        String parentTs = SLACK.runParent("CAPP", runId).ts();

        assertThat(b.reply("U4", "status " + runId, "trig-app-status"))
                .contains("Run `" + runId + "` of `drill-files` is awaiting approval", "alice");
        assertThat(b.reply("U4", "history drill", "trig-app-history")).contains(runId);
        assertThat(b.reply("U1", "run drill-files backup-and-restore", "trig-app-busy"))
                .contains("Cannot run", "service busy: run " + runId + " started by alice");

        assertThat(b.client().send(b.client().signedForm(SlackTestClient.interactionBody(
                button("CAPP", "U2", "bob", runId, request.ts(), parentTs, "trig-app-bob")))).statusCode()).isEqualTo(200);
        SLACK.await("respond", c -> c.path().endsWith("/trig-app-bob") && c.body().contains("counted: 1/2"), 1, 15_000);
        assertThat(b.reply("U3", "approve " + runId, "trig-app-carol")).contains("counted: 2/2");

        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 60_000);
        assertThat(scalar("SELECT state FROM run WHERE id = '" + runId + "'")).isEqualTo("succeeded");
        assertThat(Files.readString(a.home().resolve("runs").resolve(runId).resolve("work/data/orders.txt"))).isEqualTo("orders 42\n");
        assertThat(SLACK.threadTexts(parentTs)).anyMatch(t -> t.contains("Bob Example approved step `restore-files` (1/2 approvals)"));
        SLACK.await("chat.update", c -> request.ts().equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("approved"), 1, 10_000); // A closes the request B's votes decided
        assertThat(b.reply("U4", "status " + runId, "trig-app-done")).contains("is succeeded");
    }

    @Test
    @Order(3)
    void aCancelAskedOnBStopsTheRunThatADrives() throws Exception {
        String runId = start(a, "CCAN", "trig-can");
        SLACK.approvalRequest(runId, "restore-files", 60_000);
        String parentTs = SLACK.runParent("CCAN", runId).ts();

        assertThat(b.reply("U1", "cancel " + runId, "trig-can-cancel"))
                .contains("Cancelling run `" + runId + "` (driven by another opsbook replica)");
        awaitState(runId, "cancelled");
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("cancelled"), 1, 30_000);
        assertThat(scalar("SELECT count(*) FROM audit_event WHERE run_id = '" + runId + "' AND action = 'run.cancel_requested'"))
                .isEqualTo("1");
        assertThat(scalar("SELECT result FROM audit_event WHERE run_id = '" + runId + "' AND action = 'run.finished'"))
                .isEqualTo("cancelled");
        assertThat(scalar("SELECT count(*) FROM run_cancel_request")).isEqualTo("0");
        assertThat(b.reply("U1", "cancel " + runId, "trig-can-again")).contains("Cannot cancel", "it is cancelled");
    }

    @Test
    @Order(4)
    void whenTheDrivingReplicaDiesTheOtherMarksItsRunInterruptedButNeverBefore() throws Exception {
        String runId = start(a, "CDIE", "trig-die");
        SLACK.approvalRequest(runId, "restore-files", 60_000);
        Thread.sleep(3_000); // B looks for orphaned runs every second: A's run is claimed, so B leaves it alone
        assertThat(scalar("SELECT state FROM run WHERE id = '" + runId + "'")).isEqualTo("awaiting_approval");

        a.process().destroyForcibly();
        assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        awaitState(runId, "interrupted");
        assertThat(b.reply("U4", "status " + runId, "trig-die-status")).contains("is interrupted");
        assertThat(scalar("SELECT count(*) FROM audit_event WHERE run_id = '" + runId + "' AND action = 'run.interrupted'"))
                .isEqualTo("1");
        assertThat(b.reply("U1", "run drill-files backup-and-restore", "trig-die-next")).contains("started");
    }

    // ---- helpers ----

    private static Replica start(String name) {
        try {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path home = Files.createTempDirectory("opsbook-replica-" + name);
            Path log = home.resolve("serve.log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx320m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Opsbook.class.getName(),
                    "serve", "--port", String.valueOf(port),
                    "--opsbook.chat.users.alice.slack=U1", "--opsbook.chat.users.bob.slack=U2",
                    "--opsbook.chat.users.carol.slack=U3", "--opsbook.chat.users.dave.slack=U4",
                    "--opsbook.replica.recovery-interval=1s", "--opsbook.replica.cancel-poll=200ms"));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().keySet().removeIf(k -> k.startsWith("OPSBOOK_") || k.startsWith("SLACK_") || k.startsWith("DISCORD_"));
            pb.environment().put("SLACK_BOT_TOKEN", "xoxb-test-token");
            pb.environment().put("SLACK_SIGNING_SECRET", SECRET);
            pb.environment().put("SLACK_API_URL", SLACK.apiUrl());
            pb.environment().put("OPSBOOK_RUNBOOKS", Path.of("src/test/resources/chatops/runbooks").toAbsolutePath().toString());
            pb.environment().put("OPSBOOK_HOME", home.toString());
            pb.environment().put("OPSBOOK_DB_URL", DB.url());
            pb.environment().put("OPSBOOK_DB_USER", DB.user());
            pb.environment().put("OPSBOOK_DB_PASSWORD", DB.password());
            String base = "http://127.0.0.1:" + port;
            return new Replica(name, pb.start(), home, log, base, new SlackTestClient(base, SECRET));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start replica " + name, e);
        }
    }

    private static void awaitReady(Replica r) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = r.base();
        long deadline = System.currentTimeMillis() + 180_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(r.process().isAlive()).as("replica %s exited:%n%s", r.name(), Files.readString(r.log())).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("replica " + r.name() + " not ready in 3 minutes:\n" + Files.readString(r.log()));
    }

    private static int send(Replica r, SlackTestClient.Delivery delivery) {
        try {
            return r.client().send(delivery).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String start(Replica r, String channel, String trigger) throws Exception {
        assertThat(r.client().send(r.client().signedForm(SlackTestClient.slashCommandBody("run drill-files backup-and-restore",
                "U1", channel, trigger, SLACK.url() + "/respond/" + trigger))).statusCode()).isEqualTo(200);
        return SLACK.startedRunId(RUN_ID, trigger, 30_000);
    }





    private static void awaitState(String runId, String state) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String now = null;
        while (System.currentTimeMillis() < deadline) {
            now = scalar("SELECT state FROM run WHERE id = '" + runId + "'");
            if (state.equals(now)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " is " + now + ", not " + state + "; replica logs:\n"
                + Files.readString(a.log()) + "\n---\n" + Files.readString(b.log()));
    }

    private static String scalar(String sql) throws SQLException {
        try (Connection c = DB.connect(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String button(String channel, String userId, String name, String runId, String messageTs, String threadTs,
                                 String trigger) {
        return """
                {"type":"block_actions","user":{"id":"%s","username":"%s","name":"%s","team_id":"T1"},
                 "api_app_id":"A1","token":"unused","trigger_id":"%s",
                 "container":{"type":"message","message_ts":"%s","channel_id":"%s","is_ephemeral":false},
                 "team":{"id":"T1","domain":"opsbook-test"},"channel":{"id":"%s","name":"ops"},
                 "message":{"type":"message","ts":"%s","thread_ts":"%s","text":"approve?"},
                 "response_url":"%s/respond/%s",
                 "actions":[{"action_id":"opsbook.approve","block_id":"opsbook.approval","value":"%s|restore-files",
                             "type":"button","action_ts":"1700000001.000001"}]}
                """.formatted(userId, name, name, trigger, messageTs, channel, channel, messageTs, threadTs, SLACK.url(), trigger, runId);
    }
}
