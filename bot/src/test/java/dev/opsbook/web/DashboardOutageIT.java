package dev.opsbook.web;

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
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TcpProxy;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Issue 18, hole 5 on the dashboard: when the database stops answering (a TCP proxy in front of PostgreSQL, cut),
 * a run start and an approve click, both signed in and with their CSRF token, are answered with a page saying
 * "audit log unavailable … nothing was started or recorded" (HTTP 503), never an error page or a stack trace, and
 * nothing is started or recorded. A vote that gets past the session is answered "… was not recorded: audit log
 * unavailable".
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token="})
class DashboardOutageIT {
    static final TestDatabase DB = TestDatabase.create();
    static final TcpProxy PROXY = TcpProxy.to(5432);
    static final Pattern RUN_PAGE = Pattern.compile("/runs/(r-[0-9a-f]{10})$");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path runbooks = Files.createTempDirectory("opsbook-web-runbooks");
        Files.copy(Path.of("src/test/resources/web/runbooks/web-demo.md"), runbooks.resolve("web-demo.md"));
        TestEngineProperties.register(registry, DB, PROXY);
        registry.add("opsbook.chat.runbooks", runbooks::toString);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        for (String user : List.of("alice", "bob")) {
            String hash = "{bcrypt}" + bcrypt.encode(user + "-password");
            registry.add("opsbook.web.users." + user + ".password-hash", () -> hash);
        }
        registry.add("opsbook.web.users.alice.groups", () -> "sre");
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    RunbookOperations operations;

    @AfterAll
    static void stop() {
        PROXY.close();
    }

    @Test
    void aRunStartAndAnApproveClickDuringAnOutageAnswerAuditLogUnavailableAndDoNothing() throws Exception {
        WebClient alice = signedIn("alice");
        WebClient bob = signedIn("bob");
        alice.get("/runbooks/web-demo/run");
        HttpResponse<String> started = alice.post("/runbooks/web-demo/run",
                Map.of("procedure", "copy-and-restore", "param.label", "outage", "request", "req-before"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(302);
        Matcher m = RUN_PAGE.matcher(started.headers().firstValue("Location").orElseThrow());
        assertThat(m.find()).isTrue();
        String runId = m.group(1);
        Eventually.within(Duration.ofSeconds(30), () -> state(runId) == RunState.AWAITING_APPROVAL);
        alice.get("/runbooks/web-demo/run");
        bob.get("/runs/" + runId);

        PROXY.cut();
        HttpResponse<String> start = alice.post("/runbooks/web-demo/run",
                Map.of("procedure", "copy-and-restore", "param.label", "during", "request", "req-during"));
        HttpResponse<String> approve = bob.post("/runs/" + runId + "/approve", Map.of("step", "restore-data"));
        System.out.println("DashboardOutageIT: start " + start.statusCode() + ", approve " + approve.statusCode());

        for (HttpResponse<String> r : List.of(start, approve)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.body()).contains("audit log unavailable (PostgreSQL at 127.0.0.1:" + PROXY.port() + " stopped answering)",
                    "nothing was started or recorded").doesNotContain("Whitelabel", "Exception", "\tat ", "Internal Server Error");
        }

        // past the session (read before the outage), the vote itself is answered the same way
        String vote = operations.vote(new CastVote(runId, Optional.of("restore-data"), Decision.APPROVE, Optional.empty(),
                new Requester(new ChatUser("web", "bob", "bob (dashboard)"), new Identity("bob", Set.of())),
                ChatThread.channel("web", "dashboard"), CastVote.Source.WEB)).text();
        assertThat(vote).contains("was not recorded", "audit log unavailable");

        PROXY.restore();
        Eventually.within(Duration.ofSeconds(30), () -> {
            engine.recover();
            return state(runId) == RunState.INTERRUPTED;
        });
        assertThat(engine.runs().recent(50)).extracting(r -> r.id().value()).as("no second run was started").containsExactly(runId);
        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(runId, audit::add);
        assertThat(audit).extracting(e -> e.event().action()).as("the click was not recorded")
                .doesNotContain(AuditActions.APPROVAL_VOTED, AuditActions.APPROVAL_REFUSED);
    }

    private WebClient signedIn(String user) {
        return WebClient.signedIn(port, user);
    }

    private RunState state(String runId) {
        return engine.runs().find(new RunId(runId)).map(Run::state).orElse(RunState.PENDING);
    }
}
