package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Two replicas in one JVM on one database, each with its own opsbook home (so neither can read the other's log
 * files). A run started and driven on A, its page's event stream opened on B, gets every output line live and in
 * order — through the shared {@code run_output} table — and the per-step bound's marker. A sign-in session made on A
 * is accepted by B (and its CSRF token too), and signing out on B ends it on A: no sticky sessions needed.
 */
class WebReplicasIT {
    static final TestDatabase DB = TestDatabase.create();
    static final Pattern RUN_PAGE = Pattern.compile("/runs/(r-[0-9a-f]{10})$");
    static final Pattern LINE = Pattern.compile("^data:\\{\"step\":\"([^\"]+)\",\"text\":\"(.*)\"}$");
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static Path homeA;

    @BeforeAll
    static void start() throws IOException {
        Path runbooks = Files.createTempDirectory("opsbook-shared-runbooks");
        Files.writeString(runbooks.resolve("chatty.md"), """
                ---
                id: chatty
                title: Chatty
                service: chatter
                owners:
                  team: sre
                  people:
                    - id: alice
                runners: [alice]
                rto: 10m
                rpo: 1h
                ---

                Prints a lot.

                ## Talk

                ```bash {#ticks kind=check timeout=1m}
                for i in $(seq 1 30); do echo "tick $i"; sleep 0.05; done
                ```

                ```bash {#bulk kind=check timeout=1m}
                seq 1 5100 | sed 's/^/bulk /'
                ```
                """);
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("alice-password");
        homeA = Files.createTempDirectory("opsbook-replica-a");
        a = replica(runbooks, homeA, hash);
        b = replica(runbooks, Files.createTempDirectory("opsbook-replica-b"), hash);
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {b, a}) {
            if (replica != null) {
                replica.close();
            }
        }
        DB.close();
    }

    @Test
    void aRunDrivenByOneReplicaStreamsItsOutputLiveAndInOrderOnAnother() {
        WebClient onA = signedIn(a);
        HttpResponse<String> started = onA.post("/runbooks/chatty/run", Map.of("procedure", "talk", "request", "req-shared"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Matcher m = RUN_PAGE.matcher(started.headers().firstValue("Location").orElseThrow());
        assertThat(m.find()).isTrue();
        String runId = m.group(1);

        WebClient onB = signedIn(b);
        Engine engine = b.getBean(Engine.class);
        List<String> lines = new ArrayList<>();
        RunState stateAtFirstLine = null;
        try (Stream<String> events = onB.lines("/runs/" + runId + "/events").body()) {
            Iterator<String> it = events.iterator();
            while (it.hasNext()) {
                Matcher line = LINE.matcher(it.next());
                if (line.matches()) {
                    if (lines.isEmpty()) {
                        stateAtFirstLine = engine.runs().find(new RunId(runId)).map(Run::state).orElseThrow();
                    }
                    lines.add(line.group(1) + ": " + line.group(2));
                }
            }
        }
        assertThat(stateAtFirstLine).as("B saw the first line while A was still running the run").isEqualTo(RunState.RUNNING);
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, 30).forEach(i -> expected.add("ticks: tick " + i));
        IntStream.rangeClosed(1, Engine.OUTPUT_LINES_PER_STEP).forEach(i -> expected.add("bulk: bulk " + i));
        assertThat(lines.subList(0, expected.size())).isEqualTo(expected);
        assertThat(lines.subList(expected.size(), lines.size())).hasSize(2);
        assertThat(lines.get(expected.size())).startsWith("bulk: … more than 5000 lines");
        assertThat(lines.getLast()).startsWith("bulk: … 100 lines truncated, full log on the driving host (")
                .contains(homeA.resolve("runs").resolve(runId).resolve("logs").resolve("bulk.log").toString());
        assertThat(engine.runs().find(new RunId(runId)).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aSessionFromOneReplicaIsAcceptedByTheOtherAndSigningOutEndsItOnBoth() {
        CookieManager browser = new CookieManager(); // one browser; the load balancer sends it to either replica
        WebClient onA = new WebClient(port(a), browser);
        WebClient onB = new WebClient(port(b), browser);
        assertThat(onB.get("/runs").statusCode()).isEqualTo(302);
        HttpResponse<String> signIn = onA.signIn("alice", "alice-password");
        assertThat(signIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
        assertThat(browser.getCookieStore().getCookies()).extracting(HttpCookie::getName).contains("OPSBOOK_SESSION");
        assertThat(browser.getCookieStore().getCookies()).extracting(HttpCookie::getName).doesNotContain("JSESSIONID");

        HttpResponse<String> runsOnB = onB.get("/runs");
        assertThat(runsOnB.statusCode()).isEqualTo(200);
        assertThat(runsOnB.body()).contains("alice");

        onA.get("/runbooks/chatty/run"); // a CSRF token issued on A ...
        HttpResponse<String> signOut = onB.post("/sign-out", Map.of("_csrf", onA.csrf())); // ... is good on B
        assertThat(signOut.statusCode()).isEqualTo(302);
        assertThat(signOut.headers().firstValue("Location").orElse("")).endsWith("/sign-in?signed-out");
        HttpResponse<String> afterOnA = onA.get("/runs");
        assertThat(afterOnA.statusCode()).isEqualTo(302);
        assertThat(afterOnA.headers().firstValue("Location").orElse("")).endsWith("/sign-in");
    }

    private static int port(ConfigurableApplicationContext replica) {
        return ((WebServerApplicationContext) replica).getWebServer().getPort();
    }

    private static WebClient signedIn(ConfigurableApplicationContext replica) {
        WebClient client = new WebClient(port(replica));
        HttpResponse<String> r = client.signIn("alice", "alice-password");
        assertThat(r.headers().firstValue("Location").orElse("")).doesNotContain("error");
        HttpResponse<String> form = client.get("/runbooks/chatty/run");
        assertThat(form.statusCode()).as(form.body()).isEqualTo(200);
        return client;
    }

    private static ConfigurableApplicationContext replica(Path runbooks, Path home, String hash) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", "0");
        p.put("opsbook.slack.bot-token", "");
        p.put("opsbook.slack.signing-secret", "");
        p.put("opsbook.slack.app-token", "");
        p.put("opsbook.discord.bot-token", "");
        p.put("opsbook.engine.db-url", DB.url());
        p.put("opsbook.engine.db-user", DB.user());
        p.put("opsbook.engine.db-password", DB.password());
        p.put("opsbook.engine.home", home.toString());
        p.put("opsbook.chat.runbooks", runbooks.toString());
        p.put("opsbook.web.users.alice.password-hash", hash);
        // as arguments: they win over application.properties, as a deployment's settings do
        return new SpringApplicationBuilder(OpsbookServer.class).run(p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }
}
