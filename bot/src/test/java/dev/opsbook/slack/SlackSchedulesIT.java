package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.RunbookRef;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.schedule.ClusteredScheduler;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The server as deployed: its scheduler reconciles the runbook directory at start, fires a schedule into the
 * Slack alert channel, and answers {@code /runbook schedules} and {@code /runbook backups} to signed slash
 * commands (Slack's Web API faked locally, real engine on a fresh database).
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackSchedulesIT {
    static final String SECRET = "a-signing-secret-for-schedules";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Path RUNBOOKS = runbooks();
    static ClusteredScheduler scheduler;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", RUNBOOKS::toString);
        registry.add("opsbook.chat.alerts-channels", () -> "slack:CALERTS");
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;
    @Autowired
    ClusteredScheduler node;

    SlackTestClient client;

    @BeforeEach
    void client() {
        client = SIGNED.client(port);
        scheduler = node;
    }

    /** The every-second schedule stops before the database is dropped (the server closes later, with Spring's cache). */
    @AfterAll
    static void stop() {
        scheduler.close();
        SLACK.close();
    }

    @Test
    void scheduledRunsAreMirroredIntoTheAlertChannelAndListedBySlashCommand() throws Exception {
        FakeSlackApi.Call mirrored = SLACK.await("chat.postMessage", c -> "CALERTS".equals(c.params().get("channel"))
                && c.params().getOrDefault("text", "").contains("*Every second* — run `r-"), 1, 30_000).getFirst();
        assertThat(mirrored.body()).contains("scheduler");

        client.send(client.signedForm(SIGNED.command("schedules orders", "U1", "C1", "trig-s")));

        String reply = SLACK.await("respond", c -> c.path().endsWith("/trig-s"), 1, 10_000).getFirst().body();
        assertThat(reply).contains("orders-db/1-backup", "0 0 2 * * ?", "Europe/Berlin", "orders-db/2-probe", "next: ",
                "last: never fired", "started");
    }

    @Test
    void backupsAnswersWithTheCatalogOfTheService() throws Exception {
        Path dump = Files.writeString(Files.createTempFile("orders", ".dump"), "dump");
        engine.catalog().record(new BackupArtifact("r-0000000009/orders-db-backup", "orders",
                new RunbookRef("orders-db", "0".repeat(64), ""), "r-0000000009", "dump", Instant.parse("2026-11-24T02:00:00Z"),
                Map.of(), dump, 4, "b".repeat(64), "daily", true));

        client.send(client.signedForm(SIGNED.command("backups orders", "U1", "C1", "trig-b")));

        String reply = SLACK.await("respond", c -> c.path().endsWith("/trig-b"), 1, 10_000).getFirst().body();
        assertThat(reply).contains("Backups of orders", "1 catalogued", "r-0000000009/orders-db-backup", "sha256 bbbbbbbbbbbb",
                "LOCKED", "4 B");
    }

    private static Path runbooks() {
        try {
            Path dir = Files.createTempDirectory("opsbook-scheduled-runbooks");
            Files.writeString(dir.resolve("orders-db.md"), """
                    ---
                    id: orders-db
                    title: Every second
                    service: orders
                    owners: [alice]
                    schedules:
                      - {cron: "0 0 2 * * ?", time_zone: Europe/Berlin, run: backup}
                      - {cron: "* * * * * ?", run: probe}
                    ---
                    ## Backup

                    ```bash {#dump kind=backup}
                    echo dump
                    ```

                    ## Probe

                    ```bash {#probe}
                    echo probe
                    ```
                    """);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
