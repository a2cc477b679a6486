package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.jdbc.TcpProxy;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Issue 18, hole 5 in serve: when the audit log's database stops answering (a TCP proxy in front of
 * PostgreSQL, cut by the test), a run asked for in chat is refused with "audit log unavailable" and nothing
 * is started, instead of being accepted.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlackOutageIT {
    static final String SECRET = "a-signing-secret-for-the-outage";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final TcpProxy PROXY = proxy();

    static TcpProxy proxy() {
        try {
            return new TcpProxy(5432);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path home = Files.createTempDirectory("opsbook-home");
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> Path.of("src/test/resources/chatops/runbooks").toAbsolutePath().toString());
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.engine.db-url", () -> DB.url().replace(":5432/", ":" + PROXY.port() + "/"));
        registry.add("opsbook.engine.db-user", DB::user);
        registry.add("opsbook.engine.db-password", DB::password);
        registry.add("opsbook.engine.home", home::toString);
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void stop() {
        PROXY.close();
        SLACK.close();
        DB.close();
    }

    @Test
    void aRunAskedForWhileTheDatabaseIsDownIsRefusedSayingTheAuditLogIsUnavailable() throws Exception {
        SlackTestClient client = SIGNED.client(port);
        PROXY.cut();

        client.deliver(SIGNED.command("run drill-files backup-and-restore", "U1",
                "COUT", "trig-out"));

        String answer = SLACK.await("respond", c -> c.path().endsWith("/trig-out"), 1, 30_000).getFirst().body();
        assertThat(answer).contains("audit log unavailable", "nothing was started")
                .doesNotContain("started; follow it");
        assertThat(SLACK.calls("chat.postMessage")).as("no run thread was opened").isEmpty();
    }
}
