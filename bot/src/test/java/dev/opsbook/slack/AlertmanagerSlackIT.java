package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alertmanager's and Grafana's documented webhook bodies posted to the real server's {@code /hooks/alertmanager},
 * with Slack faked at its Web API: one incident card in the alert channel with the runbook and the buttons, the
 * diagnosis output in the card's thread (run as {@code opsbook:alertmanager}), a repeat updating the card, the
 * resolution updating it with the duration, a mutating diagnosis refused, the buttons clicked through Bolt, and a
 * card that waits out a rate-limited (unavailable) Slack.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertmanagerSlackIT {
    static final String SECRET = "a-signing-secret-for-alerts";
    static final String TOKEN = "am-token-" + Long.toHexString(System.nanoTime());
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Pattern INCIDENT = Pattern.compile("\"incident\":\"(i-[0-9a-f]+)\"");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path runbooks = Files.createTempDirectory("opsbook-alert-runbooks");
        Files.writeString(runbooks.resolve("probes.md"), """
                ---
                id: probes
                title: Blackbox probes
                service: web
                owners: [alice]
                runners: [alice]
                alerts: [ProbeFailure]
                ---
                ## Diagnose

                ```bash {#look kind=check}
                echo "looking at $OPSBOOK_SERVICE"
                echo diagnosis-output-marker
                ```

                ## Restart

                ```bash {#restart kind=shell}
                echo restarting
                ```
                """);
        Files.writeString(runbooks.resolve("memory.md"), """
                ---
                id: memory
                title: Memory pressure
                service: blue
                owners: [alice]
                runners: [alice]
                alerts: [High memory usage]
                ---
                ## Diagnose

                ```bash {#top kind=check}
                echo top
                ```

                ```bash {#drop-caches kind=shell}
                echo dropping caches
                ```
                """);
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", runbooks::toString);
        registry.add("opsbook.chat.alerts-channels", () -> "slack:CALERTS");
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.alerts.token", () -> TOKEN);
        registry.add("opsbook.alerts.site-url", () -> "https://ops.example.com/");
        TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    static String probeIncident;
    static String groupedIncident;
    static String groupedCardTs;

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    static String resource(String name) {
        try (InputStream in = AlertmanagerSlackIT.class.getResourceAsStream("/alerts/" + name)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> hook(String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/alertmanager"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    List<AuditEvent> audit() {
        List<AuditEvent> events = new ArrayList<>();
        engine.audit().read(1, e -> events.add(e.event()));
        return events;
    }

    static List<FakeSlackApi.Call> cards() {
        return SLACK.calls("chat.postMessage").stream().filter(c -> c.status() == 200 && "CALERTS".equals(c.params().get("channel"))
                && !c.params().containsKey("thread_ts") && c.params().getOrDefault("blocks", "").contains("opsbook.alert.")).toList();
    }

    @Test
    @Order(1)
    void refusesRequestsWithoutTheTokenAndBadPayloadsWithTheReason() throws Exception {
        String body = resource("alertmanager-firing.json");
        assertThat(hook(body, null).statusCode()).isEqualTo(401);
        assertThat(hook(body, "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(hook(body, TOKEN).statusCode()).as("the scheme is required").isEqualTo(401);
        HttpResponse<String> bad = hook("{\"version\":\"4\",\"alerts\":[{\"labels\":{}}]}", "Bearer " + TOKEN);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("alerts[0] has no label `alertname`");
        assertThat(hook("not json", "Bearer " + TOKEN).body()).contains("the body is not JSON");
        assertThat(audit()).noneMatch(e -> e.action().startsWith("alert."));
    }

    @Test
    @Order(2)
    void aFiringAlertPostsOneCardWithTheRunbookAndItsDiagnosisOutputInTheThread() throws Exception {
        HttpResponse<String> response = hook(resource("alertmanager-firing.json"), "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"runbook\":\"probes\"");
        Matcher m = INCIDENT.matcher(response.body());
        assertThat(m.find()).isTrue();
        probeIncident = m.group(1);

        FakeSlackApi.Call card = SLACK.await("chat.postMessage", c -> "CALERTS".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains("Alert firing: *ProbeFailure*"), 1, 20_000).getFirst();
        String blocks = card.params().get("blocks");
        assertThat(blocks).contains("critical", "BlackBox Probe Failure: https://server.example.org", "Blackbox probes",
                "https://ops.example.com/runbooks/probes.html", "Run diagnosis", "Open runbook", "Acknowledge",
                "opsbook.alert.diagnose", probeIncident);
        SLACK.await("chat.postMessage", c -> card.ts().equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("blocks", "").contains("diagnosis-output-marker"), 1, 30_000);

        List<AuditEvent> audit = audit();
        AuditEvent diagnosis = audit.stream().filter(e -> e.action().equals(AuditActions.ALERT_DIAGNOSIS)).findFirst().orElseThrow();
        assertThat(diagnosis.result()).isEqualTo("started");
        String runId = diagnosis.runId().orElseThrow();
        assertThat(audit).filteredOn(e -> e.runId().equals(java.util.Optional.of(runId)) && e.action().equals(AuditActions.RUN_STARTED))
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo(Actor.ALERTMANAGER));
        assertThat(audit).filteredOn(e -> e.action().equals(AuditActions.ALERT_MATCHED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.result()).isEqualTo("alerts");
                    assertThat(e.runbook().orElseThrow().id()).isEqualTo("probes");
                    assertThat(e.details()).containsEntry("incident", probeIncident);
                });
        assertThat(audit).filteredOn(e -> e.action().equals(AuditActions.ALERT_RECEIVED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("fingerprint", "1a30ba71cca2921f").containsEntry("runbook", "probes"));
        assertThat(audit.toString()).doesNotContain(TOKEN);
    }

    @Test
    @Order(3)
    void aRepeatedNotificationUpdatesTheCardAndTheResolutionAddsTheDuration() throws Exception {
        String cardTs = cards().getFirst().ts();
        assertThat(hook(resource("alertmanager-firing.json"), "Bearer " + TOKEN).body()).contains(probeIncident);
        SLACK.await("chat.update", c -> cardTs.equals(c.params().get("ts")) && c.params().getOrDefault("blocks", "").contains("2 notification(s)"),
                1, 20_000);
        assertThat(cards()).hasSize(1);

        assertThat(hook(resource("alertmanager-resolved.json"), "Bearer " + TOKEN).body()).contains(probeIncident, "\"status\":\"resolved\"");
        SLACK.await("chat.update", c -> cardTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("Resolved: *ProbeFailure* after 30m"), 1, 20_000);
        assertThat(cards()).hasSize(1);
        assertThat(audit()).filteredOn(e -> e.action().equals(AuditActions.ALERT_RESOLVED)).singleElement()
                .satisfies(e -> assertThat(e.duration()).contains(Duration.ofMinutes(30)));
    }

    @Test
    @Order(4)
    void opsbookTimelineOfTheDiagnosisRunPrintsTheIncidentWithTheAlertAndTheSteps() throws Exception {
        String runId = audit().stream().filter(e -> e.action().equals(AuditActions.ALERT_DIAGNOSIS)).findFirst().orElseThrow()
                .runId().orElseThrow();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        dev.opsbook.jdbc.DatabaseSettings db = dev.opsbook.jdbc.DatabaseSettings.external(DB.url(), DB.user(), DB.password());
        picocli.CommandLine.IFactory factory = new picocli.CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == dev.opsbook.cli.TimelineCommand.class ? (K) new dev.opsbook.cli.TimelineCommand(() -> db)
                        : picocli.CommandLine.defaultFactory().create(cls);
            }
        };
        int code = new picocli.CommandLine(new dev.opsbook.cli.Opsbook(), factory).setOut(new java.io.PrintWriter(out))
                .setErr(new java.io.PrintWriter(err)).execute("timeline", runId);
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).contains("# Postmortem draft: ProbeFailure", "| Incident | `" + probeIncident + "` |",
                "| Runbook | `probes` |", "| Service | web |", "| Start | 2023-02-06 13:08:45 UTC |", "| End | 2023-02-06 13:38:45 UTC |",
                "| opsbook:alertmanager | alert fired: ProbeFailure (critical) — BlackBox Probe Failure: https://server.example.org |",
                "diagnosis `diagnose` started as run `" + runId + "`", "step `look` succeeded, exit code 0",
                "run `" + runId + "` finished: succeeded", "incident resolved after 30m", "## Root cause");
        assertThat(new picocli.CommandLine(new dev.opsbook.cli.Opsbook(), factory).setOut(new java.io.PrintWriter(new java.io.StringWriter()))
                .setErr(new java.io.PrintWriter(new java.io.StringWriter())).execute("timeline", "r-0000000000")).isEqualTo(1);

        SlackTestClient client = SIGNED.client(port);
        client.deliver(SIGNED.command("timeline " + runId, "U1", "CALERTS", "trig-timeline"));
        assertThat(SLACK.await("respond", c -> c.path().endsWith("/trig-timeline"), 1, 30_000).getFirst().body())
                .contains("Uploaded `timeline-" + probeIncident + ".md`");
        assertThat(SLACK.await("upload", c -> c.body().contains("# Postmortem draft: ProbeFailure"), 1, 10_000).getFirst().body())
                .contains("step `look` succeeded, exit code 0");
    }

    @Test
    @Order(5)
    void aDiagnosisWithAMutatingStepIsNotRunAndTheCardSaysWhy() throws Exception {
        HttpResponse<String> response = hook(resource("grafana.json"), "Bearer " + TOKEN);
        assertThat(response.body()).contains("\"runbook\":\"memory\"");
        SLACK.await("chat.update", c -> "CALERTS".equals(c.params().get("channel"))
                && c.params().getOrDefault("blocks", "").contains("read-only procedures, and step drop-caches is kind"), 1, 20_000);
        List<AuditEvent> audit = audit();
        assertThat(audit).filteredOn(e -> e.action().equals(AuditActions.ALERT_DIAGNOSIS) && e.result().equals("refused")).hasSize(1);
        assertThat(audit).filteredOn(e -> e.action().equals(AuditActions.RUN_REFUSED) && e.actor().equals(Actor.ALERTMANAGER)).hasSize(1);
        assertThat(audit).filteredOn(e -> e.action().equals(AuditActions.STEP_STARTED) && "drop-caches".equals(e.stepId().orElse(""))).isEmpty();
    }

    @Test
    @Order(6)
    void theCardsButtonsAcknowledgeAndRunTheDiagnosisInTheCardsThread() throws Exception {
        HttpResponse<String> response = hook(resource("alertmanager-grouped.json").replace("ProbeFailure\\\"}", "ProbeFailure2\\\"}")
                .replace("1a30ba71cca2921f", "9a30ba71cca2921f").replace("2b41cb82ddb3a32f", "9b41cb82ddb3a32f"), "Bearer " + TOKEN);
        Matcher m = INCIDENT.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        String incident = m.group(1);
        FakeSlackApi.Call card = SLACK.await("chat.postMessage", c -> c.params().getOrDefault("blocks", "").contains(incident)
                && !c.params().containsKey("thread_ts"), 1, 20_000).getFirst();
        groupedIncident = incident;
        groupedCardTs = card.ts();
        SlackTestClient client = SIGNED.client(port);

        client.deliver(SlackTestClient.interactionBody(click("trig-ack", "opsbook.alert.ack", incident,
                card.ts())));
        SLACK.await("respond", c -> c.body().contains("You acknowledged incident"), 1, 10_000);
        SLACK.await("chat.update", c -> card.ts().equals(c.params().get("ts")) && c.params().getOrDefault("blocks", "").contains("Acknowledged"),
                1, 10_000);
        assertThat(audit()).filteredOn(e -> e.action().equals(AuditActions.ALERT_ACKNOWLEDGED)).singleElement()
                .satisfies(e -> assertThat(e.actor().userId()).isEqualTo("alice"));

        client.send(client.signedForm(SlackTestClient.interactionBody(click("trig-diag", "opsbook.alert.diagnose", incident, card.ts()))));
        SLACK.await("respond", c -> c.path().endsWith("/trig-diag") && c.body().contains("started"), 1, 20_000);
        List<FakeSlackApi.Call> outputs = SLACK.await("chat.postMessage", c -> card.ts().equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("blocks", "").contains("diagnosis-output-marker"), 2, 30_000);
        assertThat(outputs).hasSizeGreaterThanOrEqualTo(2);
        assertThat(audit()).filteredOn(e -> e.action().equals(AuditActions.RUN_STARTED) && e.actor().userId().equals("alice")).hasSize(1);
        assertThat(audit()).filteredOn(e -> e.action().equals(AuditActions.ALERT_RUN_LINKED)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("incident", incident));
    }

    @Test
    @Order(7)
    void aCardWaitsOutAnUnavailableSlackAndAnUnmappedAlertSaysHowToMapIt() throws Exception {
        SLACK.rateLimitNext("chat.postMessage", "CALERTS", 2, 1);
        HttpResponse<String> response = hook(resource("alertmanager-gist.json"), "Bearer " + TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"runbook\":null");
        FakeSlackApi.Call card = SLACK.await("chat.postMessage", c -> "CALERTS".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains("Alert firing: *Test*"), 1, 30_000).getFirst();
        assertThat(card.params().get("blocks")).contains("none matched", "alerts: [Test]");
        assertThat(SLACK.calls("chat.postMessage")).filteredOn(c -> c.status() == 429).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    @Order(8)
    void aRunTypedInTheCardsThreadStartsThereAndIsLinkedToTheIncident() throws Exception {
        SlackTestClient client = SIGNED.client(port);
        int linkedBefore = (int) audit().stream().filter(e -> e.action().equals(AuditActions.ALERT_RUN_LINKED)).count();
        client.deliver(SlackTestClient.threadReplyEvent("Ev-inc-run-1", "U1", "CALERTS", "1700000199.000001",
                groupedCardTs, "/runbook run probes diagnose"));
        SLACK.await("chat.postEphemeral", c -> "U1".equals(c.params().get("user")) && groupedCardTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("text", "").contains("started"), 1, 20_000);
        AuditEvent linked = null;
        for (int i = 0; i < 50 && linked == null; i++) {
            linked = audit().stream().filter(e -> e.action().equals(AuditActions.ALERT_RUN_LINKED)
                    && "thread".equals(e.details().get("via"))).findFirst().orElse(null);
            Thread.sleep(100);
        }
        assertThat(linked).isNotNull();
        assertThat(linked.details()).containsEntry("incident", groupedIncident);
        assertThat(linked.actor().userId()).isEqualTo("alice");
        String runId = linked.runId().orElseThrow();
        try (java.sql.Connection c = DB.connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT run_id, linked_by FROM incident_run WHERE incident_id = '" + groupedIncident
                     + "' ORDER BY linked_at")) {
            List<String> runs = new ArrayList<>();
            while (rs.next()) {
                runs.add(rs.getString(1) + " by " + rs.getString(2));
            }
            assertThat(runs).as("the diagnosis, the card's button run, then the one typed in the thread").hasSize(3)
                    .satisfies(r -> assertThat(r.getFirst()).endsWith(" by alertmanager"), r -> assertThat(r.get(1)).endsWith(" by alice"))
                    .last().isEqualTo(runId + " by alice");
        }
        SLACK.await("chat.postMessage", c -> groupedCardTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("text", "").contains(runId), 1, 20_000);

        java.io.StringWriter out = new java.io.StringWriter();
        dev.opsbook.jdbc.DatabaseSettings db = dev.opsbook.jdbc.DatabaseSettings.external(DB.url(), DB.user(), DB.password());
        picocli.CommandLine.IFactory factory = new picocli.CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(Class<K> cls) throws Exception {
                return cls == dev.opsbook.cli.TimelineCommand.class ? (K) new dev.opsbook.cli.TimelineCommand(() -> db)
                        : picocli.CommandLine.defaultFactory().create(cls);
            }
        };
        for (int i = 0; i < 100 && !out.toString().contains("run `" + runId + "` finished"); i++) {
            out = new java.io.StringWriter();
            new picocli.CommandLine(new dev.opsbook.cli.Opsbook(), factory).setOut(new java.io.PrintWriter(out))
                    .setErr(new java.io.PrintWriter(new java.io.StringWriter())).execute("timeline", groupedIncident);
            Thread.sleep(200);
        }
        assertThat(out.toString()).contains("run `" + runId + "` started from the incident's thread", "step `look` succeeded",
                "run `" + runId + "` finished: succeeded");

        // "run …" in a thread that is no incident card's is left alone (it may be a conversation)
        client.deliver(SlackTestClient.threadReplyEvent("Ev-inc-run-2", "U1", "CALERTS", "1700000199.000002",
                "1699999999.000009", "run probes diagnose"));
        Thread.sleep(1_500);
        assertThat(audit()).filteredOn(e -> e.action().equals(AuditActions.ALERT_RUN_LINKED)).hasSize(linkedBefore + 1);
        assertThat(SLACK.calls("chat.postEphemeral")).noneMatch(c -> "1699999999.000009".equals(c.params().get("thread_ts")));
    }

    static String click(String trigger, String actionId, String incident, String cardTs) {
        return """
                {"type":"block_actions","user":{"id":"U1","username":"alice","name":"alice","team_id":"T1"},
                 "api_app_id":"A1","token":"unused","trigger_id":"%s",
                 "container":{"type":"message","message_ts":"%s","channel_id":"CALERTS","is_ephemeral":false},
                 "team":{"id":"T1","domain":"opsbook-test"},"channel":{"id":"CALERTS","name":"alerts"},
                 "message":{"type":"message","ts":"%s","text":"card"},
                 "response_url":"%s/respond/%s",
                 "actions":[{"action_id":"%s","block_id":"opsbook.card","value":"%s","type":"button","action_ts":"1700000001.000001"}]}
                """.formatted(trigger, cardTs, cardTs, SLACK.url(), trigger, actionId, incident);
    }
}
