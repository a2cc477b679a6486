package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Alert intake on a server with no chat adapter at all: Alertmanager's documented payload is accepted, the
 * diagnosis runs, and the dashboard's incident page (signed in) shows the timeline from the audit log.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IncidentPageIT {
    static final TestDatabase DB = TestDatabase.create();
    static final String TOKEN = "page-token-" + Long.toHexString(System.nanoTime());
    static final Pattern INCIDENT = Pattern.compile("\"incident\":\"(i-[0-9a-f]+)\"");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path runbooks = Files.createTempDirectory("opsbook-incident-page");
        Files.writeString(runbooks.resolve("probes.md"), """
                ---
                id: probes
                title: Blackbox probes
                service: web
                owners: [alice]
                on_alert: {run: diagnose}
                ---
                ## Diagnose

                ```bash {#look kind=check}
                echo looking
                ```
                """);
        TestEngineProperties.register(registry, DB);
        registry.add("opsbook.chat.runbooks", runbooks::toString);
        registry.add("opsbook.alerts.token", () -> TOKEN);
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("alice-password");
        registry.add("opsbook.web.users.alice.password-hash", () -> hash);
    }

    @LocalServerPort
    int port;


    @Test
    void theIncidentPageShowsTheAlertTheDiagnosisAndItsSteps() throws Exception {
        String body;
        try (InputStream in = getClass().getResourceAsStream("/alerts/alertmanager-firing.json")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"severity\": \"critical\"",
                    "\"severity\": \"critical\", \"runbook\": \"probes\"");
        }
        HttpResponse<String> hook = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/hooks/alertmanager")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(hook.statusCode()).as(hook.body()).isEqualTo(200);
        Matcher m = INCIDENT.matcher(hook.body());
        assertThat(m.find()).isTrue();
        String incident = m.group(1);

        WebClient web = new WebClient(port);
        assertThat(web.get("/incidents/" + incident).statusCode()).as("signed out").isIn(302, 401);
        web.signIn("alice", "alice-password");
        String page = "";
        for (int i = 0; i < 100 && !page.contains("finished: succeeded"); i++) {
            page = web.get("/incidents/" + incident).body();
            Thread.sleep(200);
        }
        assertThat(page).contains("Incident " + incident + ": ProbeFailure", "runbook <code>probes</code>",
                "alert fired: ProbeFailure (critical) — BlackBox Probe Failure: https://server.example.org",
                "matched runbook &#96;probes&#96; by runbook label", "diagnosis &#96;diagnose&#96; started as run",
                "step &#96;look&#96; succeeded, exit code 0", "finished: succeeded", "still open");
        assertThat(web.get("/incidents/" + incident + "/timeline.md").body()).startsWith("# Postmortem draft: ProbeFailure");
        assertThat(web.get("/incidents/i-0000000000").statusCode()).isEqualTo(404);

        String list = web.get("/incidents").body();
        assertThat(list).contains("<a href=\"/incidents/" + incident + "\"><code>" + incident + "</code></a>", "ProbeFailure",
                "critical", "<span class=\"state bad\">firing</span>", "<code>probes</code>", "2023-02-06 13:08:45", "<td>open</td>",
                "aria-current=\"page\">Incidents</a>");
        try (InputStream in = getClass().getResourceAsStream("/alerts/alertmanager-resolved.json")) {
            String resolved = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(post(resolved).body()).contains(incident, "\"status\":\"resolved\"");
        }
        list = web.get("/incidents").body();
        assertThat(list).contains("<span class=\"state ok\">resolved</span>", "<td>30m</td>");
        String unmapped;
        try (InputStream in = getClass().getResourceAsStream("/alerts/alertmanager-gist.json")) {
            unmapped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher other = INCIDENT.matcher(post(unmapped).body());
        assertThat(other.find()).isTrue();
        list = web.get("/incidents").body();
        assertThat(list.indexOf(other.group(1))).as("newest first").isLessThan(list.indexOf(incident)).isPositive();
        assertThat(list).contains("none matched");
        WebClient signedOut = new WebClient(port);
        assertThat(signedOut.get("/incidents").statusCode()).as("signed out").isIn(302, 401);
    }

    HttpResponse<String> post(String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/hooks/alertmanager")).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
