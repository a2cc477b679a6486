package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.opsbook.engine.Engine;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import dev.opsbook.testing.BrowserTools;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The first run from the dashboard, in a real browser ({@code browser-tests/first-run.mjs}, headless Chromium), on a
 * server started the way a new team starts it: no users configured, so the first start creates {@code admin} and
 * prints its password (read here from standard output, as a person reads it from the terminal); the sample runbooks
 * of the repository (schedules and the failover controller off, so nothing else runs). The admin finds no "Run…" on
 * {@code uploads-store} but a dry run and the reason, adds themselves to {@code sre} on the People page, dry-runs and
 * runs Seed into a temporary directory. Screenshots in {@code bot/target/screenshots}. Skips without node,
 * playwright-core or Chromium, except under CI ({@code CI=true}).
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token=", "opsbook.schedules.enabled=false", "opsbook.failover.enabled=false"})
class FirstRunBrowserIT {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path SCRIPT = REPO.resolve("browser-tests/first-run.mjs");
    static final TestDatabase DB = TestDatabase.create();
    static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();
    static final long SERVE_STARTED = System.nanoTime();
    static Path home;

    static {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new OutputStream() {
            @Override
            public synchronized void write(int b) {
                original.write(b);
                CONSOLE.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                CONSOLE.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        home = TestEngineProperties.register(registry, DB);
        registry.add("opsbook.chat.runbooks", () -> REPO.resolve("runbooks").toString());
    }


    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    @Test
    void theFirstStartAdminRunsASampleAfterAddingThemselvesToSre() throws Exception {
        String printed = CONSOLE.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("password: (\\S{20})").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        assertThat(printed).contains("add admin to the group sre");
        BrowserTools.require(REPO, SCRIPT);
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        Path uploads = Files.createDirectories(home.resolve("first-run")).resolve("uploads");
        Process p = new ProcessBuilder("node", SCRIPT.toString(), "http://127.0.0.1:" + port, shots.toString(), "admin",
                m.group(1), "uploads-store", "seed", "sre", "uploads_dir=" + uploads).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser run did not finish in 3 minutes:\n" + output);
        }
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true").doesNotContain("FAIL");
        for (String shot : List.of("first-run-not-a-runner.png", "first-run-why.png", "first-run-people.png",
                "first-run-a-runner.png", "first-run-dry-run.png", "first-run-succeeded.png")) {
            assertThat(shots.resolve(shot)).isNotEmptyFile();
        }
        Matcher run = Pattern.compile("\"run\":\"(r-[0-9a-f]{10})\"").matcher(output);
        assertThat(run.find()).as(output).isTrue();
        assertThat(engine.runs().find(new RunId(run.group(1))).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(uploads.resolve(".opsbook-demo")).isRegularFile();
        Duration sinceStart = Duration.ofNanos(System.nanoTime() - SERVE_STARTED);
        System.err.println("first run from the dashboard: " + sinceStart.toMillis() + " ms after the test server began"
                + " starting; " + output.lines().filter(l -> l.startsWith("{")).findFirst().orElse(""));
    }
}
