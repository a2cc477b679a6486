package dev.opsbook.schedule;

import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.MirrorSettings;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.approval.Directory;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.chatops.RunThreads;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.testing.RecordingChatGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;

/**
 * A real engine on a fresh database, chat operations on it, a recording chat with the alert channel
 * {@code slack:CALERTS}, and scheduler nodes on top; closes everything in reverse order.
 */
final class SchedulerFixture implements AutoCloseable {
    static final ChatThread ALERTS = ChatThread.channel("slack", "CALERTS");

    final TestDatabase db = TestDatabase.create();
    final Path runbooks;
    final RecordingChatGateway chat = new RecordingChatGateway();
    final Engine engine;
    final EngineRunbookOperations operations;
    final CommandRouter router;
    final Announcements announcements;
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();
    private final RunThreads runThreads = new RunThreads(Duration.ofSeconds(10));
    private final List<ClusteredScheduler> nodes = new ArrayList<>();

    SchedulerFixture(Path dir) throws IOException {
        runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Directory directory = Directory.EMPTY;
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()),
                dir.resolve("home"), directory, SecretProvider.NONE, List.of(), System.getenv(), (person, message) -> { }),
                Clock.systemUTC());
        MirrorSettings fast = new MirrorSettings(Duration.ofMillis(10), 2500, 1_000_000, 200, 30, Duration.ofSeconds(1),
                Optional.empty());
        RunThreadMirror mirror = new RunThreadMirror(chat, Clock.systemUTC(), fast, new InMemoryApprovalMessageIndex(100));
        mirror.start(pump, Duration.ofMillis(20));
        operations = new EngineRunbookOperations(engine, runbooks, directory, mirror, chat, runThreads, Duration.ofSeconds(10));
        router = new CommandRouter(operations, new ConfiguredIdentityDirectory(Map.of("slack:U1", "alice"), Map.of()));
        announcements = new Announcements(chat, List.of(ALERTS));
    }

    void write(String name, String markdown) throws IOException {
        Files.writeString(runbooks.resolve(name), markdown);
    }

    ClusteredScheduler node(SchedulerSettings settings) {
        ClusteredScheduler node = ClusteredScheduler.create(engine, operations.scheduledStarts(), operations, announcements,
                settings, () -> ReviewedRunbooks.in(runbooks));
        nodes.add(node);
        return node;
    }

    ChatMessage ask(String command) {
        return router.handle(command, new ChatUser("slack", "U1", "Alice"), ChatThread.channel("slack", "C1"), "");
    }

    List<RecordedEvent> audit(String action) {
        List<RecordedEvent> events = new ArrayList<>();
        engine.audit().read(1, e -> {
            if (e.event().action().equals(action)) {
                events.add(e);
            }
        });
        return events;
    }

    /** Polls the audit log until {@code done} holds for the events of {@code action}, at most {@code limit}. */
    List<RecordedEvent> awaitAudit(String action, Predicate<List<RecordedEvent>> done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        List<RecordedEvent> events = audit(action);
        while (!done.test(events)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("audit " + action + " did not reach the expected state within " + limit + ": " + events);
            }
            Thread.sleep(100);
            events = audit(action);
        }
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        nodes.forEach(ClusteredScheduler::close);
        pump.shutdownNow();
        runThreads.close();
        engine.close();
        db.close();
    }
}
