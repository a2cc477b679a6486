package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two {@code opsbook serve} replicas in one JVM on one database, Slack faked at its Web API, Alertmanager's documented
 * notification posted to both at once (as a load balancer retrying, or two Alertmanagers of an HA pair, would): one
 * incident and exactly one card ({@code chat.postMessage}), then only {@code chat.update}s of that card — a repeat
 * delivered to the other replica, and the resolution delivered to a replica restarted after the card was posted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentReplicasIT {
    static final String TOKEN = "am-token-" + Long.toHexString(System.nanoTime());
    static final Pattern INCIDENT = Pattern.compile("\"incident\":\"(i-[0-9a-f]+)\"");
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final TestDatabase DB = TestDatabase.create();
    static Path runbooks;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static String incident;

    @BeforeAll
    static void start() throws Exception {
        runbooks = Files.createTempDirectory("opsbook-incident-runbooks");
        Files.writeString(runbooks.resolve("probes.md"), """
                ---
                id: probes
                title: Blackbox probes
                service: web
                owners: [alice]
                runners: [alice]
                alerts: [ProbeFailure]
                ---
                ## Restart

                ```bash {#restart kind=shell}
                echo restarting
                ```
                """);
        // both start at once, their databases, migrations and schedulers overlapping; b begins once a's logging is set
        // up: Spring Boot's Logback set-up is JVM-wide, and two at once failed (ConcurrentModificationException)
        java.util.concurrent.CountDownLatch loggingReady = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<ConfigurableApplicationContext> first = CompletableFuture.supplyAsync(() -> replica(loggingReady));
        loggingReady.await(60, java.util.concurrent.TimeUnit.SECONDS);
        b = replica();
        a = first.join();
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {b, a}) {
            if (replica != null) {
                replica.close();
            }
        }
        SLACK.close();
        DB.close();
    }

    @Test
    @Order(1)
    void theSameNotificationDeliveredToBothReplicasAtOncePostsOneCard() throws Exception {
        String body = resource("alertmanager-firing.json");
        CompletableFuture<HttpResponse<String>> toA = CompletableFuture.supplyAsync(() -> hook(a, body));
        CompletableFuture<HttpResponse<String>> toB = CompletableFuture.supplyAsync(() -> hook(b, body));
        HttpResponse<String> fromA = toA.join();
        HttpResponse<String> fromB = toB.join();
        assertThat(fromA.statusCode()).as(fromA.body()).isEqualTo(200);
        assertThat(fromB.statusCode()).as(fromB.body()).isEqualTo(200);
        incident = incidentOf(fromA);
        assertThat(incidentOf(fromB)).isEqualTo(incident);

        FakeSlackApi.Call card = SLACK.await("chat.postMessage", c -> c.params().getOrDefault("text", "").contains("Alert firing: *ProbeFailure*"),
                1, 20_000).getFirst();
        SLACK.await("chat.update", c -> card.ts().equals(c.params().get("ts"))
                && c.params().getOrDefault("blocks", "").contains("2 notification(s)"), 1, 20_000);
        Thread.sleep(1_500); // both replicas pump every 500 ms: a second card would have been posted by now
        assertThat(cards()).hasSize(1);
        assertThat(scalar("SELECT count(*) FROM incident")).isEqualTo("1");
        assertThat(scalar("SELECT notifications FROM incident")).isEqualTo("2");
        assertThat(scalar("SELECT count(*) FROM incident_card WHERE message_id = '" + card.ts() + "'")).isEqualTo("1");
    }

    @Test
    @Order(2)
    void aRepeatDeliveredToTheOtherReplicaUpdatesTheSameCard() throws Exception {
        String ts = cards().getFirst().ts();
        assertThat(incidentOf(hook(b, resource("alertmanager-firing.json")))).isEqualTo(incident);
        assertThat(incidentOf(hook(a, resource("alertmanager-firing.json")))).isEqualTo(incident);
        SLACK.await("chat.update", c -> ts.equals(c.params().get("ts")) && c.params().getOrDefault("blocks", "").contains("4 notification(s)"),
                1, 20_000);
        assertThat(cards()).hasSize(1);
    }

    @Test
    @Order(3)
    void afterARestartTheResolutionUpdatesTheSameCard() throws Exception {
        String ts = cards().getFirst().ts();
        a.close();
        a = replica();
        HttpResponse<String> resolved = hook(a, resource("alertmanager-resolved.json"));
        assertThat(resolved.body()).contains(incident, "\"status\":\"resolved\"");
        SLACK.await("chat.update", c -> ts.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("Resolved: *ProbeFailure* after 30m"), 1, 20_000);
        assertThat(cards()).hasSize(1);
        assertThat(scalar("SELECT status || ' ' || notifications FROM incident WHERE id = '" + incident + "'")).isEqualTo("resolved 5");

        HttpResponse<String> again = hook(b, resource("alertmanager-firing.json"));
        assertThat(incidentOf(again)).as("a group firing again after its resolution is a new incident").isNotEqualTo(incident);
        SLACK.await("chat.postMessage", c -> c.params().getOrDefault("blocks", "").contains(incidentOf(again)), 1, 20_000);
        assertThat(cards()).hasSize(2);
    }

    static List<FakeSlackApi.Call> cards() {
        return SLACK.calls("chat.postMessage").stream().filter(c -> c.status() == 200 && "CALERTS".equals(c.params().get("channel"))
                && !c.params().containsKey("thread_ts") && c.params().getOrDefault("blocks", "").contains("incident `i-")).toList();
    }

    static String incidentOf(HttpResponse<String> response) {
        Matcher m = INCIDENT.matcher(response.body());
        assertThat(m.find()).as(response.body()).isTrue();
        return m.group(1);
    }

    static HttpResponse<String> hook(ConfigurableApplicationContext replica, String body) {
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/alertmanager"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(String name) throws IOException {
        try (InputStream in = IncidentReplicasIT.class.getResourceAsStream("/alerts/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String scalar(String sql) throws Exception {
        try (Connection c = DB.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static ConfigurableApplicationContext replica() {
        return replica(new java.util.concurrent.CountDownLatch(1));
    }

    /** Counts {@code loggingReady} down once the replica's logging is set up (its context is initialised). */
    static ConfigurableApplicationContext replica(java.util.concurrent.CountDownLatch loggingReady) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("opsbook.slack.bot-token", "xoxb-test-token");
        p.put("opsbook.slack.signing-secret", "a-signing-secret-for-incidents");
        p.put("opsbook.slack.app-token", "");
        p.put("opsbook.slack.api-url", SLACK.apiUrl());
        p.put("opsbook.discord.bot-token", "");
        p.put("opsbook.chat.runbooks", runbooks.toString());
        p.put("opsbook.chat.alerts-channels", "slack:CALERTS");
        p.put("opsbook.chat.users.alice.slack", "U1");
        p.put("opsbook.alerts.token", TOKEN);
        p.put("opsbook.engine.db-url", DB.url());
        p.put("opsbook.engine.db-user", DB.user());
        p.put("opsbook.engine.db-password", DB.password());
        try {
            p.put("opsbook.engine.home", Files.createTempDirectory("opsbook-incident-replica").toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new SpringApplicationBuilder(OpsbookServer.class)
                .listeners(new org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationContextInitializedEvent>() {
                    @Override // an anonymous class: Spring reads the event type from it (a lambda would be offered every event)
                    public void onApplicationEvent(org.springframework.boot.context.event.ApplicationContextInitializedEvent event) {
                        loggingReady.countDown();
                    }
                })
                .run(p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
