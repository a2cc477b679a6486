package dev.opsbook.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.approval.Directory;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.MirrorSettings;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.StartRun;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.testing.RecordingChatGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starting a run through {@link EngineRunbookOperations} answers the new run's id as data (what the dashboard
 * follows), and no id when nothing started; chat's {@code start} keeps answering the same text.
 */
class RunStartAnswerIT {
    private static final ChatThread THREAD = ChatThread.channel("web", "dashboard");
    private static final Requester ALICE = new Requester(new ChatUser("web", "alice", "alice (dashboard)"),
            new Identity("alice", java.util.Set.of()));

    private final TestDatabase db = TestDatabase.create();
    private Engine engine;
    private RunThreads runThreads;
    private EngineRunbookOperations operations;

    @BeforeEach
    void open() throws Exception {
        Path home = Files.createTempDirectory("opsbook-answer");
        Directory directory = Directory.EMPTY;
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()), home,
                directory, SecretProvider.NONE, List.of(), System.getenv(), (person, message) -> { }), Clock.systemUTC());
        MirrorSettings settings = new MirrorSettings(Duration.ofMillis(10), 2500, 1_000_000, 200, 30, Duration.ofSeconds(1),
                Optional.empty());
        RecordingChatGateway chat = new RecordingChatGateway();
        RunThreadMirror mirror = new RunThreadMirror(chat, Clock.systemUTC(), settings, new InMemoryApprovalMessageIndex(10));
        runThreads = new RunThreads(Duration.ofSeconds(5));
        operations = new EngineRunbookOperations(engine, Path.of("src/test/resources/chatops/runbooks").toAbsolutePath(),
                directory, mirror, chat, runThreads, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() throws Exception {
        runThreads.close();
        engine.close();
        db.close();
    }

    @Test
    void anAcceptedRunComesWithItsIdAndChatStillGetsItsReply() {
        RunStartAnswer answer = operations.launch(start("delivery-1"));

        Run run = engine.runs().find(answer.runId().orElseThrow()).orElseThrow();
        assertThat(run.runbook().id()).isEqualTo("drill-files");
        assertThat(run.requester().userId()).isEqualTo("alice");
        assertThat(answer.reply().text()).isEqualTo("Run `" + run.id() + "` of `drill-files` started; follow it in its thread.");
    }

    @Test
    void nothingStartedMeansNoRunId() {
        assertThat(operations.start(start("delivery-3")).text()).startsWith("Run `r-").endsWith("started; follow it in its thread.");
        RunStartAnswer busy = operations.launch(start("delivery-5"));
        assertThat(busy.runId()).isEmpty();
        assertThat(busy.reply().text()).startsWith("Cannot run `drill-files`: service busy");

        RunStartAnswer again = operations.launch(start("delivery-3"));
        assertThat(again.runId()).isEmpty();
        assertThat(again.reply().text()).contains("already received");

        RunStartAnswer unknown = operations.launch(new StartRun("no-such-runbook", Optional.empty(), Map.of(), false, ALICE,
                THREAD, "delivery-4"));
        assertThat(unknown.runId()).isEmpty();
        assertThat(unknown.reply().text()).startsWith("Cannot run `no-such-runbook`");

        RunStartAnswer rollback = operations.rollBack("r-0000000000", ALICE, THREAD);
        assertThat(rollback.runId()).isEmpty();
        assertThat(rollback.reply().text()).contains("there is no such run");
    }

    private static StartRun start(String delivery) {
        return new StartRun("drill-files", Optional.empty(), Map.of(), false, ALICE, THREAD, delivery);
    }
}
