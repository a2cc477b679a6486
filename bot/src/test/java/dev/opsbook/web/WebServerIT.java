package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.opsbook.runbook.RunbooksReloaded;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The served product over real HTTP: the server on a random port with its engine on a fresh database, runbooks in a
 * temporary directory, users alice (runner), bob (approver) and carol (neither) with BCrypt hashes. Sign-in, CSRF,
 * the open endpoints, the living site and its refresh, and a dashboard run with an approval and a roll-back.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token=", "opsbook.web.refresh-debounce=200ms", "opsbook.web.history-poll=300ms"})
@Import(WebServerIT.Subscriber.class)
class WebServerIT {
    static final TestDatabase DB = TestDatabase.create();
    static final Path RUNBOOKS = copyRunbooks();
    static final Pattern RUN_PAGE = Pattern.compile("/runs/(r-[0-9a-f]{10})$");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestEngineProperties.register(registry, DB);
        registry.add("opsbook.chat.runbooks", RUNBOOKS::toString);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            String hash = "{bcrypt}" + bcrypt.encode(user + "-password");
            registry.add("opsbook.web.users." + user + ".password-hash", () -> hash);
        }
        registry.add("opsbook.web.users.alice.groups", () -> "sre");
    }


    /** What a subscriber such as the schedule reconciler hears. */
    @TestConfiguration
    static class Subscriber {
        static final List<RunbooksReloaded> HEARD = new CopyOnWriteArrayList<>();

        @EventListener
        void on(RunbooksReloaded event) {
            HEARD.add(event);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    @Test
    void everythingButSignInHealthAndSlackNeedsSignIn() {
        WebClient anonymous = new WebClient(port);
        for (String path : List.of("/", "/index.html", "/runs", "/runbooks/web-demo/run", "/runs/r-0000000000")) {
            HttpResponse<String> r = anonymous.get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).as(path).endsWith("/sign-in");
        }
        assertThat(anonymous.get("/sign-in").body()).contains("name=\"username\"").contains("name=\"_csrf\"");
        HttpResponse<String> ready = anonymous.get("/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"UP\"");
        assertThat(anonymous.get("/actuator/prometheus").statusCode()).isEqualTo(200);
        // chat is off in this server: Slack's endpoint answers 404, not a sign-in redirect or a CSRF refusal
        assertThat(anonymous.postRaw("/slack/events", Map.of("command", "/runbook")).statusCode()).isEqualTo(404);
    }

    @Test
    void formsWithoutOrWithAForgedCsrfTokenAreRefused() {
        WebClient alice = signedIn("alice");
        int before = engine.runs().recent(1000).size();
        assertThat(alice.postRaw("/runbooks/web-demo/run", Map.of("procedure", "copy-and-restore")).statusCode()).isEqualTo(403);
        assertThat(alice.postRaw("/runbooks/web-demo/run", Map.of("procedure", "copy-and-restore", "_csrf", "forged-token"))
                .statusCode()).isEqualTo(403);
        assertThat(engine.runs().recent(1000)).hasSize(before);
    }

    @Test
    void signInsAreAuditedWithoutPasswordsAndRepeatedFailuresAreThrottled() {
        WebClient dave = new WebClient(port);
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = dave.signIn("dave", "wrong-" + i);
            assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/sign-in?error");
        }
        assertThat(dave.get("/sign-in?error").body()).contains("Wrong user name or password.");
        HttpResponse<String> right = dave.signIn("dave", "dave-password");
        assertThat(right.headers().firstValue("Location").orElse("")).endsWith("/sign-in?error");
        assertThat(dave.get("/sign-in?error").body()).contains("Too many failed sign-ins for dave");

        List<RecordedEvent> signIns = events(AuditActions.AUTH_SIGN_IN).stream()
                .filter(e -> e.event().actor().userId().equals("dave")).toList();
        assertThat(signIns).hasSize(6).allMatch(e -> e.event().result().equals("failed"))
                .allMatch(e -> e.event().details().get("method").equals("password"));
        assertThat(signIns.getLast().event().details().get("reason")).startsWith("throttled");
        assertThat(signIns.toString()).doesNotContain("wrong-").doesNotContain("dave-password");

        signedIn("bob");
        assertThat(events(AuditActions.AUTH_SIGN_IN)).anyMatch(e -> e.event().actor().userId().equals("bob")
                && e.event().result().equals("ok"));
    }

    @Test
    void theLivingSiteIsServedAndFollowsRunbookChangesKeepingTheLastGoodVersion() throws IOException {
        WebClient alice = signedIn("alice");
        HttpResponse<String> home = alice.get("/");
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("Reload me").contains("href=\"/runs\"");
        assertThat(alice.get("/runbooks/web-demo.html").body()).contains("/runbooks/web-demo/run");

        Path file = RUNBOOKS.resolve("reload-me.md");
        String original = Files.readString(file);
        Files.writeString(file, original.replace("title: Reload me", "title: Reload me, edited"));
        Eventually.within(Duration.ofSeconds(20), () -> alice.get("/").body().contains("Reload me, edited"));
        RecordedEvent reloaded = events(AuditActions.RUNBOOKS_RELOADED).getLast();
        Eventually.within(Duration.ofSeconds(5), () -> Subscriber.HEARD.stream().anyMatch(e -> e.runbooks().stream()
                .anyMatch(rb -> rb.title().equals("Reload me, edited"))));
        assertThat(reloaded.event().details().get("changed")).contains("reload-me.md");
        assertThat(reloaded.event().details()).containsKey("commit");

        Files.writeString(file, original.replace("title: Reload me", "title: [broken"));
        Eventually.within(Duration.ofSeconds(20), () -> events(AuditActions.RUNBOOKS_RELOADED).size() >= 2
                && events(AuditActions.RUNBOOKS_RELOADED).getLast().event().result().equals("partial"));
        Eventually.within(Duration.ofSeconds(20), () -> alice.get("/runbooks/reload-me.html").body().contains("error"));
        String page = alice.get("/runbooks/reload-me.html").body();
        assertThat(page).contains("Reload me, edited");
        assertThat(alice.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void aDashboardRunWaitsForAnApproverRefusesOthersFinishesAndRollsBack() {
        WebClient alice = signedIn("alice");
        assertThat(alice.get("/runbooks/web-demo/run").body()).contains("Copy and restore").contains("name=\"param.label\"");
        HttpResponse<String> started = alice.post("/runbooks/web-demo/run",
                Map.of("procedure", "copy-and-restore", "param.label", "web-test", "request", "req-1"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Matcher m = RUN_PAGE.matcher(started.headers().firstValue("Location").orElseThrow());
        assertThat(m.find()).isTrue();
        String runId = m.group(1);
        Eventually.within(Duration.ofSeconds(30), () -> state(runId) == RunState.AWAITING_APPROVAL);
        assertThat(alice.get("/runs/" + runId).body()).contains("copy-data").contains("Approve");

        WebClient carol = signedIn("carol");
        carol.get("/runs/" + runId);
        HttpResponse<String> refused = carol.post("/runs/" + runId + "/approve", Map.of("step", "restore-data"));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(carol.get("/runs/" + runId).body()).contains("does not count").contains("carol");
        assertThat(events(AuditActions.APPROVAL_REFUSED)).anyMatch(e -> e.event().actor().userId().equals("carol"));

        WebClient bob = signedIn("bob");
        bob.get("/runs/" + runId);
        bob.post("/runs/" + runId + "/approve", Map.of("step", "restore-data"));
        Eventually.within(Duration.ofSeconds(30), () -> state(runId) == RunState.SUCCEEDED);

        String stream = alice.get("/runs/" + runId + "/events").body();
        assertThat(stream).contains("event:reset").contains("copying chunk 6 of 6 for web-test")
                .contains("restored copy web-test").contains("\"state\":\"succeeded\"");
        RecordedEvent requested = runEvents(runId).getFirst();
        assertThat(requested.event().actor().platform()).isEqualTo("web");
        assertThat(requested.event().actor().displayName()).isEqualTo("alice (dashboard)");

        alice.get("/runs/" + runId);
        HttpResponse<String> rolled = alice.post("/runs/" + runId + "/rollback", Map.of());
        Matcher r = RUN_PAGE.matcher(rolled.headers().firstValue("Location").orElseThrow());
        assertThat(r.find()).isTrue();
        String rollbackId = r.group(1);
        assertThat(rollbackId).isNotEqualTo(runId);
        Eventually.within(Duration.ofSeconds(30), () -> state(rollbackId) == RunState.SUCCEEDED);
        Run rollback = engine.runs().find(new RunId(rollbackId)).orElseThrow();
        assertThat(rollback.target().rollback().orElseThrow().runId()).isEqualTo(runId);
        assertThat(rollback.steps()).extracting(s -> s.stepId()).containsExactly("remove-copy");
        assertThat(runEvents(rollbackId)).anyMatch(e -> e.event().action().equals(AuditActions.RUN_STARTED)
                && runId.equals(e.event().details().get("rollback_of")));

        Eventually.within(Duration.ofSeconds(20), () -> alice.get("/runbooks/web-demo.html").body().contains(runId));
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(port, user);
    }

    private RunState state(String runId) {
        return engine.runs().find(new RunId(runId)).map(Run::state).orElse(RunState.PENDING);
    }

    private List<RecordedEvent> events(String action) {
        List<RecordedEvent> out = new ArrayList<>();
        engine.audit().read(1, e -> {
            if (e.event().action().equals(action)) {
                out.add(e);
            }
        });
        return out;
    }

    private List<RecordedEvent> runEvents(String runId) {
        List<RecordedEvent> out = new ArrayList<>();
        engine.audit().readRun(runId, out::add);
        return out;
    }

    private static Path copyRunbooks() {
        try {
            Path dir = Files.createTempDirectory("opsbook-web-runbooks");
            Files.copy(Path.of("src/test/resources/web/runbooks/web-demo.md"), dir.resolve("web-demo.md"));
            Files.writeString(dir.resolve("reload-me.md"), """
                    ---
                    id: reload-me
                    title: Reload me
                    service: reloads
                    owners:
                      team: sre
                      people:
                        - id: alice
                    rto: 1h
                    rpo: 1d
                    ---

                    A runbook the reload test edits.

                    ## Check

                    ```bash {#look kind=check timeout=1m}
                    echo fine
                    ```
                    """);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
