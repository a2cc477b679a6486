package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import dev.opsbook.testing.BrowserTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a real browser ({@code browser-tests/web-run.mjs}, headless Chromium): the real server on a random
 * port with a fresh database; alice starts a run of {@code web-demo} from its runbook page, watches its output
 * arrive, carol (not an approver) is refused, bob approves in a second browser context, and alice's page shows the
 * run finish. Screenshots in {@code bot/target/screenshots}. Skips without node, playwright-core or Chromium, except
 * under CI ({@code CI=true}).
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token="})
class WebBrowserIT {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = REPO.resolve("browser-tests/web-run.mjs");
    static final TestDatabase DB = TestDatabase.create();
    static final Path RUNBOOKS = runbooks();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestEngineProperties.register(registry, DB);
        registry.add("opsbook.chat.runbooks", RUNBOOKS::toString);
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        for (String user : List.of("alice", "bob", "carol")) {
            String hash = "{bcrypt}" + bcrypt.encode(user + "-password");
            registry.add("opsbook.web.users." + user + ".password-hash", () -> hash);
        }
    }


    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    @Test
    void startApproveAndWatchARunInARealBrowser() throws Exception {
        BrowserTools.require(REPO, SCRIPT);
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        Process p = new ProcessBuilder("node", SCRIPT.toString(), "http://127.0.0.1:" + port, shots.toString(), "web-demo",
                "alice", "bob", "carol").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser run did not finish in 3 minutes:\n" + output);
        }
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true").doesNotContain("FAIL");
        for (String shot : List.of("web-sign-in.png", "web-start.png", "web-run-live.png", "web-run-awaiting.png",
                "web-not-an-approver.png", "web-refused.png", "web-run-finished.png")) {
            assertThat(shots.resolve(shot)).isNotEmptyFile();
        }

        Matcher m = Pattern.compile("\"run\":\"(r-[0-9a-f]{10})\"").matcher(output);
        assertThat(m.find()).as(output).isTrue();
        String runId = m.group(1);
        assertThat(engine.runs().find(new RunId(runId)).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        List<RecordedEvent> trail = new ArrayList<>();
        engine.audit().readRun(runId, trail::add);
        assertThat(trail).anyMatch(e -> e.event().action().equals(AuditActions.RUN_REQUESTED)
                && e.event().actor().platform().equals("web") && e.event().actor().userId().equals("alice"));
        assertThat(trail).anyMatch(e -> e.event().action().equals(AuditActions.APPROVAL_REFUSED)
                && e.event().actor().userId().equals("carol"));
        assertThat(trail).anyMatch(e -> e.event().action().equals(AuditActions.APPROVAL_VOTED)
                && e.event().actor().userId().equals("bob"));
    }

    private static Path runbooks() {
        try {
            Path dir = Files.createTempDirectory("opsbook-browser-runbooks");
            Files.copy(Path.of("src/test/resources/web/runbooks/web-demo.md"), dir.resolve("web-demo.md"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
