package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.PlatformGateway;
import dev.opsbook.chat.RunbookOperations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcRunStore;
import dev.opsbook.jdbc.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With no chat tokens the server still starts on the engine: adapters off, /slack/events absent, nothing faked. */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token="})
class ServerWithoutChatIT {
    static final TestDatabase DB = TestDatabase.create();

    static final RunId ORPHAN = new RunId("r-0rphan0001");

    /** Also leaves a running run behind, as a process killed mid-run would. */
    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        TestEngineProperties.register(registry, DB);
        try (Database db = Database.open(DatabaseSettings.external(DB.url(), DB.user(), DB.password()))) {
            Run run = new Run(ORPHAN, new RunbookRef("orders-db", "a".repeat(64), ""), "runbooks/orders-db.md", "orders-db",
                    RunTarget.procedure("restore"), new Actor("slack", "alice", "Alice"), Map.of(),
                    List.of(StepExecution.pending("restore")), Instant.parse("2026-11-25T10:00:00Z"), RunState.PENDING,
                    Optional.empty(), "");
            JdbcRunStore runs = new JdbcRunStore(db.dataSource());
            runs.create(run);
            run.moveTo(RunState.RUNNING, Instant.parse("2026-11-25T10:00:01Z"), "");
            runs.save(run);
        }
    }


    @LocalServerPort
    int port;
    @Autowired
    ObjectProvider<PlatformGateway> platforms;
    @Autowired
    ChatGateway gateway;
    @Autowired
    RunbookOperations operations;
    @Autowired
    Engine engine;

    @Test
    void runsADeadProcessLeftBehindAreMarkedInterruptedAtStart() {
        assertThat(engine.runs().find(ORPHAN).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
        List<String> actions = new ArrayList<>();
        engine.audit().readRun(ORPHAN.value(), e -> actions.add(e.event().action()));
        assertThat(actions).containsExactly(AuditActions.RUN_INTERRUPTED);
    }

    @Test
    void startsWithChatDisabledAndSaysSoInsteadOfPretending() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .POST(HttpRequest.BodyPublishers.ofString("command=%2Frunbook")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(platforms.stream()).isEmpty();
        assertThat(operations).isInstanceOf(dev.opsbook.chatops.EngineRunbookOperations.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.post(ChatThread.channel("slack", "C1"),
                        dev.opsbook.chat.ChatMessage.text("hello")))
                .hasMessageContaining("no slack adapter is configured");
    }
}
