package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StandingApproval;
import dev.opsbook.execution.StartRun;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import dev.opsbook.watchdog.FailoverWatchdog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The failover controller end to end on the real server: the checkout-api sample runbook (copied
 * with free ports, a temporary state directory and second-scale windows) runs its real topology of
 * Python processes; the primary is killed; the controller posts a proposal with its evidence to the
 * (fake) Slack alert channel and starts the Failover procedure, which waits for approval; bob
 * approves with a signed Slack button; the procedure switches the proxy to the standby for real;
 * the audit log shows proposed → approved → executed and its chain verifies.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FailoverSlackEndToEndIT {
    static final String SECRET = "a-signing-secret-for-the-failover-e2e";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Map<String, Integer> PORTS = Map.of("proxy", freePort(), "primary", freePort(), "standby", freePort());
    static final Path SAMPLE = copySample();
    static final Pattern APPROVAL = Pattern.compile("(r-[0-9a-f]+)\\|switch-to-standby");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> SAMPLE.resolve("runbooks").toString());
        registry.add("opsbook.chat.alerts-channels", () -> "slack:CALERT");
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.users.bob.slack", () -> "U2");
        registry.add("opsbook.chat.groups.sre", () -> "alice");
        registry.add("opsbook.chat.groups.checkout-oncall", () -> "bob");
        registry.add("management.prometheus.metrics.export.enabled", () -> "true");
        TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    FailoverWatchdog watchdog;

    @AfterAll
    static void stop() throws IOException {
        for (String name : List.of("proxy", "standby", "primary")) {
            Path pid = SAMPLE.resolve("state").resolve(name + ".pid");
            if (Files.exists(pid)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(ProcessHandle::destroy);
            }
        }
        SLACK.close();
    }

    @Test
    void aKilledPrimaryIsProposedWithEvidenceApprovedInSlackAndFailedOverForReal() throws Exception {
        Runbook rb = RunbookParser.parse(SAMPLE.resolve("runbooks/checkout-api-failover.md").toString(),
                Files.readAllBytes(SAMPLE.resolve("runbooks/checkout-api-failover.md"))).runbook().orElseThrow();
        Run topology = engine.executor(List.of(), Confirmation.NOBODY).start(new StartRun(rb, "",
                RunTarget.procedure("start-local-topology"), Map.of(), new Actor("cli", "alice", "alice")));
        assertThat(topology.state()).isEqualTo(RunState.SUCCEEDED);
        awaitStatus("watching", Duration.ofSeconds(30));

        long primary = Long.parseLong(Files.readString(SAMPLE.resolve("state/primary.pid")).strip());
        ProcessHandle.of(primary).orElseThrow().destroyForcibly();

        FakeSlackApi.Call proposal = SLACK.await("chat.postMessage", c -> "CALERT".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains("Failover proposed for `checkout-api`"), 1, 30_000).getFirst();
        assertThat(proposal.params().get("text")).contains("samples failing", "Procedure `failover` of `checkout-api-failover`",
                "waits for approval by @checkout-oncall, jnakamura, lchen");
        assertThat(proposal.params().get("blocks")).contains("proxy-health: HTTP 502 (expected 200)", "Samples", "Threshold");

        FakeSlackApi.Call request = SLACK.await("chat.postMessage", c -> APPROVAL.matcher(c.params().getOrDefault("blocks", "")).find(),
                1, 30_000).getFirst();
        Matcher m = APPROVAL.matcher(request.params().get("blocks"));
        assertThat(m.find()).isTrue();
        String runId = m.group(1);
        SlackTestClient client = SIGNED.client(port);
        client.deliver(SlackTestClient.interactionBody(button(runId, request.ts())));

        Run run = awaitRun(runId, Duration.ofSeconds(60));
        assertThat(run.state()).as("run %s: %s", runId, run.message()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.requester()).isEqualTo(StandingApproval.CONTROLLER);
        assertThat(Files.readString(SAMPLE.resolve("state/upstream")).strip()).endsWith(":" + portOf("standby"));
        SLACK.await("chat.postMessage", c -> "CALERT".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains("Failover of `checkout-api` done"), 1, 30_000);

        List<RecordedEvent> failover = new ArrayList<>();
        engine.audit().read(1, e -> {
            if (e.event().action().startsWith("failover.")) {
                failover.add(e);
            }
        });
        assertThat(failover).extracting(e -> e.event().action() + " " + e.event().result()).containsSubsequence(
                "failover.proposed proposed", "failover.approved approved", "failover.executed succeeded");
        RecordedEvent proposed = failover.stream().filter(e -> e.event().action().equals(AuditActions.FAILOVER_PROPOSED)).findFirst().orElseThrow();
        assertThat(proposed.event().actor()).isEqualTo(StandingApproval.CONTROLLER);
        assertThat(proposed.event().details()).containsKeys("samples", "failing", "failure_ratio", "window", "policy")
                .hasEntrySatisfying("last_errors", v -> assertThat(v).contains("proxy-health: HTTP 502"));
        assertThat(failover.stream().filter(e -> e.event().action().equals(AuditActions.FAILOVER_APPROVED)).findFirst().orElseThrow()
                .event().details()).containsEntry("approved_by", "bob");
        assertThat(failover.stream().filter(e -> e.event().action().equals(AuditActions.FAILOVER_EXECUTED)).findFirst().orElseThrow()
                .event().runId()).contains(runId);
        assertThat(AuditVerifier.verify(engine.audit()).intact()).isTrue();

        client.deliver(SIGNED.command("failover checkout-api", "U1", "CALERT", "trig-status"));
        String status = SLACK.await("respond", c -> c.path().endsWith("/trig-status"), 1, 15_000).getFirst().body();
        // recovering until the standby has been healthy for the test's 3 s recover window, then watching again: on a
        // loaded machine the checks above can take longer than that
        assertThat(status).contains("Failover controller of `checkout-api`", "Cooldown left", "Proposals this hour")
                .containsPattern("recovering|watching \\(leader on this replica\\)");

        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("opsbook_probe_checks_total\\{[^}]*kind=\"http\",probe=\"proxy-health\",result=\"unhealthy\",service=\"checkout-api\"}")
                .contains("opsbook_probe_healthy{", "opsbook_probe_latency_seconds_count{");
    }

    private void awaitStatus(String state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!watchdog.status(Optional.of("checkout-api")).text().contains(": " + state)) {
            assertThat(System.nanoTime()).as("controller %s in time", state).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private Run awaitRun(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Run> run = engine.runs().find(new RunId(runId));
            if (run.isPresent() && run.get().state().isFinal()) {
                return run.get();
            }
            assertThat(System.nanoTime()).as("run %s finished in time", runId).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static String button(String runId, String messageTs) {
        return """
                {"type":"block_actions","user":{"id":"U2","username":"bob","name":"bob","team_id":"T1"},
                 "api_app_id":"A1","token":"unused","trigger_id":"trig-approve",
                 "container":{"type":"message","message_ts":"%s","channel_id":"CALERT","is_ephemeral":false},
                 "team":{"id":"T1","domain":"opsbook-test"},"channel":{"id":"CALERT","name":"alerts"},
                 "message":{"type":"message","ts":"%s","text":"approve?"},
                 "response_url":"%s/respond/trig-approve",
                 "actions":[{"action_id":"opsbook.approve","block_id":"opsbook.approval","value":"%s|switch-to-standby",
                             "type":"button","action_ts":"1700000001.000001"}]}
                """.formatted(messageTs, messageTs, SLACK.url(), runId);
    }

    static int portOf(String name) {
        return PORTS.get(name);
    }

    /** The sample runbook and its scripts in a temporary directory, on free ports, with second-scale controller timing. */
    static Path copySample() {
        try {
            Path dir = Files.createTempDirectory("opsbook-failover-e2e");
            Path repo = Path.of("..").toAbsolutePath().normalize();
            copyTree(repo.resolve("runbooks/checkout-api"), dir.resolve("runbooks/checkout-api"));
            copyTree(repo.resolve("runbooks/lib"), dir.resolve("runbooks/lib"));
            String text = Files.readString(repo.resolve("runbooks/checkout-api-failover.md"))
                    .replace("18080", Integer.toString(portOf("proxy")))
                    .replace("18081", Integer.toString(portOf("primary")))
                    .replace("18082", Integer.toString(portOf("standby")))
                    .replace("    default: topology\n", "    default: " + dir.resolve("state") + "\n")
                    .replace("interval: 5s ", "interval: 1s ")
                    .replace("retry_timeout: 2s", "retry_timeout: 1s")
                    .replace("window: 60s", "window: 4s")
                    .replace("window: 2m", "window: 3s")
                    .replace("  - title: Sample runbooks, local topology and prerequisites\n    path: docs/sample-runbooks.md\n", "");
            Files.writeString(dir.resolve("runbooks/checkout-api-failover.md"), text);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
