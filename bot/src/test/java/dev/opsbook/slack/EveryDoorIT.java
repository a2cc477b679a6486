package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.cli.CliDoor;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import dev.opsbook.web.Eventually;
import dev.opsbook.web.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One directory, every door. The server runs on a random port with Slack over HTTP (Slack's Web API faked locally,
 * signed requests to {@code /slack/events}) and the sample runbook {@code uploads-store} (runners {@code @sre},
 * {@code @storefront}); {@code OPSBOOK_HOME/people.yaml} says {@code sre = alice}, maps alice's and carol's Slack ids
 * and makes root an admin. The web users have passwords only, no groups. alice runs the sample's Seed from the
 * dashboard, from the command line (same home, same database) and from Slack; carol, in no group, is refused at each
 * door with the same reason, naming the policy and where it is changed. Then root adds carol to sre on the People
 * page and she may run at every door at once; removed again, she is refused again; all of it audited. An edit of
 * people.yaml counts without a restart.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.app-token=", "opsbook.discord.bot-token=", "opsbook.schedules.enabled=false",
                "opsbook.failover.enabled=false"})
class EveryDoorIT {
    static final String SECRET = "a-signing-secret-for-every-door";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Path RUNBOOKS = sample();
    static final Pattern RUN_PAGE = Pattern.compile("/runs/(r-[0-9a-f]{10})$");
    static final Pattern SLACK_RUN = Pattern.compile("Run `(r-[0-9a-f]{10})` of `uploads-store` started");
    static final String REFUSAL = "not authorised: carol is not among the runners of uploads-store (@sre, @storefront)";
    static Path home;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = TestEngineProperties.register(registry, DB);
        write(home.resolve("people.yaml"), """
                # who is who, for every door
                people:
                  alice:
                    slack: UALICE
                  carol:
                    slack: UCAROL
                groups:
                  sre: [alice]
                  admin: [root]
                """);
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", RUNBOOKS::toString);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        for (String user : List.of("alice", "carol", "root")) {
            String hash = "{bcrypt}" + bcrypt.encode(user + "-password");
            registry.add("opsbook.web.users." + user + ".password-hash", () -> hash);
        }
    }

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    @Test
    void aliceRunsAtEveryDoorCarolIsRefusedAlikeUntilAnAdminAddsHerToSre() throws Exception {
        // dashboard
        WebClient alice = signedIn("alice");
        assertThat(alice.get("/runbooks/uploads-store.html").body()).contains("href=\"/runbooks/uploads-store/run\">▶ Run…</a>");
        String webRun = startFromDashboard(alice, "web-alice");
        awaitSucceeded(webRun);
        WebClient carol = signedIn("carol");
        String carolsPage = carol.get("/runbooks/uploads-store.html").body();
        assertThat(carolsPage).doesNotContain("▶ Run…").contains("Dry run…").contains("You may not run this runbook");
        String form = carol.get("/runbooks/uploads-store/run").body();
        assertThat(form).doesNotContain(">Start run<").contains(">Dry run<").contains(REFUSAL);
        HttpResponse<String> webRefusal = carol.post("/runbooks/uploads-store/run", seed("web-carol"));
        assertThat(webRefusal.statusCode()).isEqualTo(409);
        String webReason = reason(webRefusal.body());
        // a refused form keeps the user's choices: the procedure (not the first one) and the values typed
        HttpResponse<String> keeps = carol.post("/runbooks/uploads-store/run", Map.of("procedure", "backup",
                "param.uploads_dir", "/srv/typed-by-carol", "request", "req-keeps"));
        assertThat(keeps.statusCode()).isEqualTo(409);
        assertThat(keeps.body()).contains("value=\"backup\" required checked").doesNotContain("value=\"seed\" required checked")
                .contains("value=\"/srv/typed-by-carol\"");

        // command line, on the same home and database
        CliDoor.Result cli = CliDoor.run(cliEnv(), RUNBOOKS.resolve("uploads-store.md").toString(), "seed",
                "--param", "uploads_dir=" + dir("cli-alice"), "--as", "alice");
        assertThat(cli.exitCode()).as(cli.err()).isZero();
        CliDoor.Result cliRefused = CliDoor.run(cliEnv(), RUNBOOKS.resolve("uploads-store.md").toString(), "seed",
                "--param", "uploads_dir=" + dir("cli-carol"), "--as", "carol");
        assertThat(cliRefused.exitCode()).isEqualTo(4);
        String cliReason = reason(cliRefused.err());

        // Slack
        SlackTestClient slack = SIGNED.client(port);
        String slackRun = runFromSlack(slack, "UALICE", "slack-alice");
        awaitSucceeded(slackRun);
        String slackReason = reason(slackReply(slack, "UCAROL", "slack-carol"));

        // the same answer at every door: the policy that refused and where it is changed
        assertThat(List.of(webReason, cliReason, slackReason)).allSatisfy(r -> assertThat(r).startsWith(REFUSAL)
                .contains("Who may run it is set by runners: in ")
                .contains("the members of @sre, @storefront are kept in " + home.resolve("people.yaml")
                        + " or on the dashboard's People page (/people)"));
        assertThat(webReason).isEqualTo(slackReason);
        assertThat(cliReason.replaceAll("runners: in \\S+;", "")).isEqualTo(webReason.replaceAll("runners: in \\S+;", ""));
        assertThat(List.of(webRun, slackRun)).extracting(id -> requester(id))
                .containsExactly("web:alice", "slack:alice");

        // an admin adds carol to sre on the People page: every door lets her run at once
        WebClient root = signedIn("root");
        assertThat(root.get("/people").body()).contains("data-person=\"alice\"").contains("@sre").contains("people.yaml");
        assertThat(root.postRaw("/people/carol/groups", Map.of("group", "sre")).statusCode()).as("no CSRF token").isEqualTo(403);
        assertThat(alice.post("/people/carol/groups", Map.of("group", "sre")).statusCode()).as("not an admin").isEqualTo(403);
        HttpResponse<String> added = root.post("/people/carol/groups", Map.of("group", "sre"));
        assertThat(added.statusCode()).isEqualTo(302);
        assertThat(root.get("/people").body()).contains("Added carol to sre");

        assertThat(carol.get("/runbooks/uploads-store.html").body()).contains("▶ Run…");
        awaitSucceeded(startFromDashboard(carol, "web-carol-2"));
        CliDoor.Result cliNow = CliDoor.run(cliEnv(), RUNBOOKS.resolve("uploads-store.md").toString(), "seed",
                "--param", "uploads_dir=" + dir("cli-carol-2"), "--as", "carol");
        assertThat(cliNow.exitCode()).as(cliNow.err()).isZero();
        awaitSucceeded(runFromSlack(slack, "UCAROL", "slack-carol-2"));

        // and removes her again: refused again everywhere
        root.get("/people");
        assertThat(root.post("/people/carol/groups/remove", Map.of("group", "sre")).statusCode()).isEqualTo(302);
        assertThat(carol.get("/runbooks/uploads-store.html").body()).doesNotContain("▶ Run…");
        assertThat(CliDoor.run(cliEnv(), RUNBOOKS.resolve("uploads-store.md").toString(), "seed",
                "--param", "uploads_dir=" + dir("cli-carol-3"), "--as", "carol").exitCode()).isEqualTo(4);
        assertThat(slackReply(slack, "UCAROL", "slack-carol-3")).contains(REFUSAL);

        // an edit of people.yaml counts without a restart
        Path file = home.resolve("people.yaml");
        String original = Files.readString(file);
        Files.writeString(file, original.replace("sre: [alice]", "sre: [alice, carol]"));
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(2)));
        assertThat(carol.get("/runbooks/uploads-store.html").body()).contains("▶ Run…");
        awaitSucceeded(runFromSlack(slack, "UCAROL", "slack-carol-4"));
        Files.writeString(file, original);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now().plusSeconds(4)));
        assertThat(carol.get("/runbooks/uploads-store.html").body()).doesNotContain("▶ Run…");

        List<RecordedEvent> people = new ArrayList<>();
        engine.audit().read(1, e -> {
            if (e.event().action().startsWith("people.") && "carol".equals(e.event().details().get("person"))) {
                people.add(e);
            }
        });
        assertThat(people).extracting(e -> e.event().action() + " " + e.event().actor().userId() + " "
                        + e.event().details().get("person") + " " + e.event().details().get("group"))
                .containsExactly("people.member_added root carol sre", "people.member_removed root carol sre");
    }

    @Test
    void anAdminAddsAPersonWithTheirSlackAccountAndTheMappingCountsInSlack() throws Exception {
        WebClient root = signedIn("root");
        root.get("/people");
        HttpResponse<String> added = root.post("/people", Map.of("id", "dave", "slack", "UDAVE", "groups", "sre, storefront"));
        assertThat(added.statusCode()).isEqualTo(302);
        String page = root.get("/people").body();
        assertThat(page).contains("Added dave to sre, storefront").contains("data-person=\"dave\"").contains("UDAVE");
        // the same Slack account cannot belong to two people
        HttpResponse<String> twice = root.post("/people", Map.of("id", "erin", "slack", "UDAVE"));
        assertThat(twice.statusCode()).isEqualTo(302);
        assertThat(root.get("/people").body()).contains("Nothing changed").contains("slack account already belongs");

        SlackTestClient slack = SIGNED.client(port);
        String run = runFromSlack(slack, "UDAVE", "slack-dave");
        awaitSucceeded(run);
        assertThat(requester(run)).isEqualTo("slack:dave");

        root.get("/people");
        assertThat(root.post("/people/dave/remove", Map.of()).statusCode()).isEqualTo(302);
        assertThat(slackReply(slack, "UDAVE", "slack-dave-2")).contains("not authorised: slack:UDAVE is not among the runners");
        List<String> actions = new ArrayList<>();
        engine.audit().read(1, e -> {
            if ("dave".equals(e.event().details().get("person"))) {
                actions.add(e.event().action());
            }
        });
        assertThat(actions).containsExactly(AuditActions.PEOPLE_PERSON_ADDED, AuditActions.PEOPLE_PERSON_REMOVED);
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(port, user);
    }

    private String startFromDashboard(WebClient user, String label) {
        user.get("/runbooks/uploads-store/run");
        HttpResponse<String> started = user.post("/runbooks/uploads-store/run", seed(label));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Matcher m = RUN_PAGE.matcher(started.headers().firstValue("Location").orElseThrow());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private Map<String, String> seed(String label) {
        return Map.of("procedure", "seed", "param.uploads_dir", dir(label).toString(), "request", "req-" + label);
    }

    private String runFromSlack(SlackTestClient slack, String user, String trigger) throws Exception {
        slack.deliver(SIGNED.command("run uploads-store seed uploads_dir=" + dir(trigger),
                user, "CDOORS", trigger));
        return SLACK.startedRunId(SLACK_RUN, trigger, 15_000);
    }

    private String slackReply(SlackTestClient slack, String user, String trigger) throws Exception {
        slack.deliver(SIGNED.command("run uploads-store seed uploads_dir=" + dir(trigger),
                user, "CDOORS", trigger));
        return SLACK.await("respond", c -> c.path().endsWith("/" + trigger), 1, 15_000).getFirst().body();
    }

    private void awaitSucceeded(String runId) {
        Eventually.within(Duration.ofSeconds(60), () -> engine.runs().find(new RunId(runId)).map(Run::state)
                .orElse(RunState.PENDING) == RunState.SUCCEEDED);
    }

    private String requester(String runId) {
        List<RecordedEvent> events = new ArrayList<>();
        engine.audit().readRun(runId, events::add);
        RecordedEvent requested = events.getFirst();
        return requested.event().actor().platform() + ":" + requested.event().actor().userId();
    }

    private Map<String, String> cliEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("OPSBOOK_DB_URL", DB.url());
        env.put("OPSBOOK_DB_USER", DB.user());
        env.put("OPSBOOK_DB_PASSWORD", DB.password());
        env.put("OPSBOOK_HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        return env;
    }

    /** The refusal sentence, from an HTML page, a CLI error or a Slack reply (JSON-escaped, with chat markup). */
    private static String reason(String text) {
        String plain = text.replace("\\u0027", "'").replace("&#39;", "'").replace("`", "").replace("*", "");
        int at = plain.indexOf("not authorised:");
        assertThat(at).as(text).isNotNegative();
        String rest = plain.substring(at);
        int end = rest.indexOf("(/people)");
        assertThat(end).as(rest).isPositive();
        return rest.substring(0, end + "(/people)".length());
    }

    private static Path dir(String label) {
        return home.resolve("doors").resolve(label);
    }

    /** The sample runbooks as they are in the repository (schedules and failover are off in this server). */
    private static Path sample() {
        return Path.of("../runbooks").toAbsolutePath().normalize();
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
