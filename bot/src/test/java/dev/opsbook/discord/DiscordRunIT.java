package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.InMemorySeenDeliveries;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.entities.emoji.EmojiUnion;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /runbook run} from Discord into the real engine on PostgreSQL: JDA event objects (mocked,
 * JDA ships no test utilities) drive the listener; the run's thread is recorded by a chat gateway
 * double; bob approves by button, carol by a ✅ reaction on the mirrored approval request.
 */
class DiscordRunIT {
    private static final Pattern STARTED = Pattern.compile("Run `([^`]+)` of `drill-files` started");

    @TempDir
    Path home;

    private final TestDatabase db = TestDatabase.create();
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();
    private final RecordingChatGateway chat = new RecordingChatGateway();
    private final DiscordListenerTest.RecordingReplies replies = new DiscordListenerTest.RecordingReplies();
    private Engine engine;
    private RunThreads runThreads;

    @AfterEach
    void close() throws Exception {
        pump.shutdownNow();
        if (runThreads != null) {
            runThreads.close();
        }
        if (engine != null) {
            engine.close();
        }
        db.close();
    }

    @Test
    void aSlashCommandRunsTheRunbookWithApprovalsByButtonAndReaction() throws Exception {
        DiscordListener listener = listener();

        listener.onSlashCommandInteraction(slash("1001", Map.of("id", "drill-files", "target", "backup-and-restore")));

        Matcher m = STARTED.matcher(String.join("\n", replies.log));
        assertThat(m.find()).as("replies %s", replies.log).isTrue();
        String runId = m.group(1);
        RecordingChatGateway.Call request = await(c -> c.kind().equals("post")
                && c.message().actions().stream().anyMatch(a -> a.value().equals(runId + "|restore-files")));

        ButtonInteractionEvent button = mock(ButtonInteractionEvent.class);
        when(button.getComponentId()).thenReturn(DiscordMessages.APPROVE + runId + "|restore-files");
        when(button.getId()).thenReturn("2001");
        User bob = user("43", "bob");
        when(button.getUser()).thenReturn(bob);
        when(button.getChannelId()).thenReturn(request.ref().channel());
        listener.onButtonInteraction(button);
        listener.onMessageReactionAdd(reaction(request.ref().channel(), request.ref().messageId(), user("44", "carol")));

        await(c -> c.kind().equals("update") && c.message().status().equals(Optional.of(ChatStatus.SUCCEEDED))
                && c.message().text().contains("run `" + runId + "` succeeded"));
        assertThat(replies.log).anySatisfy(r -> assertThat(r).contains("counted: 1/2"));
        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(runId, audit::add);
        assertThat(audit).filteredOn(e -> e.event().action().equals(AuditActions.APPROVAL_VOTED))
                .extracting(e -> e.event().actor().platform() + ":" + e.event().actor().userId())
                .containsExactly("discord:bob", "discord:carol");
        assertThat(audit).filteredOn(e -> e.event().action().equals(AuditActions.RUN_FINISHED))
                .singleElement().satisfies(e -> assertThat(e.event().result()).isEqualTo("succeeded"));
        assertThat(Files.readString(home.resolve("runs").resolve(runId).resolve("work/data/orders.txt"))).isEqualTo("orders 42\n");
    }

    private DiscordListener listener() {
        Directory directory = Directory.EMPTY;
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()), home, directory,
                SecretProvider.NONE, List.of(), System.getenv(), (person, message) -> { }), Clock.systemUTC());
        InMemoryApprovalMessageIndex approvals = new InMemoryApprovalMessageIndex(100);
        MirrorSettings fast = new MirrorSettings(Duration.ofMillis(10), 2500, 1_000_000, 200, 30, Duration.ofSeconds(1),
                Optional.empty());
        RunThreadMirror mirror = new RunThreadMirror(chat, Clock.systemUTC(), fast, approvals);
        mirror.start(pump, Duration.ofMillis(20));
        runThreads = new RunThreads(Duration.ofSeconds(10));
        EngineRunbookOperations operations = new EngineRunbookOperations(engine,
                Path.of("src/test/resources/chatops/runbooks").toAbsolutePath(), directory, mirror, chat, runThreads, Duration.ofSeconds(10));
        CommandRouter router = new CommandRouter(operations, new ConfiguredIdentityDirectory(
                Map.of("discord:42", "alice", "discord:43", "bob", "discord:44", "carol"), Map.of()));
        return new DiscordListener(router, approvals, new InMemorySeenDeliveries(Clock.systemUTC(), Duration.ofMinutes(15), 1000),
                Runnable::run, replies, chat);
    }

    /** Polls the recorded chat calls (the mirror sends from its own thread) for at most 30 s. */
    private RecordingChatGateway.Call await(Predicate<RecordingChatGateway.Call> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<RecordingChatGateway.Call> found = chat.calls().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching chat call within 30 s; calls: " + chat.calls());
    }

    private static SlashCommandInteractionEvent slash(String id, Map<String, String> options) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        when(event.getName()).thenReturn("runbook");
        when(event.getId()).thenReturn(id);
        when(event.getSubcommandName()).thenReturn("run");
        List<OptionMapping> mappings = options.entrySet().stream().map(e -> {
            OptionMapping option = mock(OptionMapping.class);
            when(option.getName()).thenReturn(e.getKey());
            when(option.getAsString()).thenReturn(e.getValue());
            return option;
        }).toList();
        when(event.getOptions()).thenReturn(mappings);
        User alice = user("42", "alice");
        when(event.getUser()).thenReturn(alice);
        when(event.getChannelId()).thenReturn("C9");
        return event;
    }

    private static MessageReactionAddEvent reaction(String channelId, String messageId, User user) {
        MessageReactionAddEvent event = mock(MessageReactionAddEvent.class);
        EmojiUnion emoji = mock(EmojiUnion.class);
        when(emoji.getName()).thenReturn("✅");
        when(event.getEmoji()).thenReturn(emoji);
        when(event.getMessageId()).thenReturn(messageId);
        String userId = user.getId();
        when(event.getUserId()).thenReturn(userId);
        when(event.getUser()).thenReturn(user);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        when(channel.getId()).thenReturn(channelId);
        when(event.getChannel()).thenReturn(channel);
        return event;
    }

    private static User user(String id, String name) {
        User user = mock(User.class);
        when(user.getId()).thenReturn(id);
        when(user.getName()).thenReturn(name);
        when(user.isBot()).thenReturn(false);
        return user;
    }
}
