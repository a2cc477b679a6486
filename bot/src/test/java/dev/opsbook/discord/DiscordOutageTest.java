package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.jdbc.JdbcApprovalMessageIndex;
import dev.opsbook.jdbc.JdbcSeenDeliveries;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.SelfUser;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.entities.emoji.EmojiUnion;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The database stops answering while Discord delivers a {@code /runbook run}, an approval button click and a ✅
 * reaction. The shared dedupe table and the approval-message index are the real JDBC ones, over a data source that
 * behaves as the connection pool does during an outage: {@code getConnection} waits (the pool's 5 s), then fails with
 * "Connection is not available". Discord wants an interaction answered within 3 s: each is answered "audit log
 * unavailable … nothing was started or recorded" / "… the vote was not recorded" while the database still hangs, and
 * nothing reaches the engine. JDA event objects are mocked as in {@link DiscordListenerTest}.
 */
class DiscordOutageTest {
    private static final String NOTHING_STARTED = "send: `run`: audit log unavailable (opsbook's database stopped answering):"
            + " nothing was started or recorded; try again when it answers";
    private static final String VOTE_NOT_RECORDED = "Your vote: audit log unavailable (opsbook's database stopped answering):"
            + " the vote was not recorded; vote again when it answers";

    private final OutageDataSource database = new OutageDataSource();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingRunbookOperations ops = new RecordingRunbookOperations();
    private final RecordingChatGateway chat = new RecordingChatGateway();
    private final DiscordListenerTest.RecordingReplies replies = new DiscordListenerTest.RecordingReplies();
    private final DiscordListener listener = new DiscordListener(
            new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of("discord:42", "alice", "discord:43", "bob"), Map.of())),
            new JdbcApprovalMessageIndex(database, Clock.systemUTC(), Duration.ofDays(30)),
            new JdbcSeenDeliveries(database, Clock.systemUTC(), Duration.ofMinutes(15)), executor, replies, chat);

    @AfterEach
    void close() throws InterruptedException {
        database.answer.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRunCommandIsAnsweredWhileTheDatabaseHangsAndNothingStarts() {
        listener.onSlashCommandInteraction(slash("1001"));

        assertThat(database.waiting.get()).as("the dedupe check still waits for a connection").isPositive();
        assertThat(replies.log).containsExactly("defer", NOTHING_STARTED);
        assertThat(ops.calls()).isEmpty();
    }

    @Test
    void aRunCommandIsAnsweredWhenTheDatabaseRefusesAtOnce() {
        database.answer.countDown();

        listener.onSlashCommandInteraction(slash("1002"));

        assertThat(replies.log).containsExactly("defer", NOTHING_STARTED);
        assertThat(ops.calls()).isEmpty();
    }

    @Test
    void anApprovalButtonIsAnsweredWhileTheDatabaseHangsAndNoVoteIsCast() {
        ButtonInteractionEvent click = mock(ButtonInteractionEvent.class);
        when(click.getComponentId()).thenReturn(DiscordMessages.APPROVE + "r-1|restore");
        when(click.getId()).thenReturn("2001");
        User bob = DiscordListenerTest.user("43", "bob", false);
        when(click.getUser()).thenReturn(bob);
        when(click.getChannelId()).thenReturn("T7");

        listener.onButtonInteraction(click);

        assertThat(database.waiting.get()).as("the dedupe check still waits for a connection").isPositive();
        assertThat(replies.log).containsExactly("defer", "send: " + VOTE_NOT_RECORDED);
        assertThat(ops.calls()).isEmpty();
    }

    @Test
    void aReactionOnOpsbooksMessageIsAnsweredInItsThreadAndNoVoteIsCast() throws InterruptedException {
        listener.onMessageReactionAdd(reaction("M5", "99"));
        listener.onMessageReactionAdd(reaction("M6", "77")); // someone else's message: not a vote, nothing to say

        awaitWaiting(2); // the listener returned while both lookups wait for the database
        database.answer.countDown();
        RecordingChatGateway.Call told = awaitPost();
        assertThat(told.where().channel()).isEqualTo("T7");
        assertThat(told.message().text()).isEqualTo("<@43> " + VOTE_NOT_RECORDED);
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(chat.calls()).hasSize(1);
        assertThat(ops.calls()).isEmpty();
    }

    private void awaitWaiting(int lookups) throws InterruptedException {
        for (int i = 0; i < 500 && database.waiting.get() < lookups; i++) {
            Thread.sleep(10);
        }
        assertThat(database.waiting.get()).as("lookups waiting for a connection").isEqualTo(lookups);
    }

    private RecordingChatGateway.Call awaitPost() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<RecordingChatGateway.Call> posts = chat.calls("post");
            if (!posts.isEmpty()) {
                return posts.getFirst();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing posted; calls: " + chat.calls());
    }

    private static SlashCommandInteractionEvent slash(String id) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        when(event.getName()).thenReturn("runbook");
        when(event.getId()).thenReturn(id);
        when(event.getSubcommandName()).thenReturn("run");
        OptionMapping runbook = mock(OptionMapping.class);
        when(runbook.getName()).thenReturn("id");
        when(runbook.getAsString()).thenReturn("pg-restore");
        when(event.getOptions()).thenReturn(List.of(runbook));
        User alice = DiscordListenerTest.user("42", "alice", false);
        when(event.getUser()).thenReturn(alice);
        when(event.getChannelId()).thenReturn("C9");
        return event;
    }

    /** bob's ✅ on message {@code messageId} by {@code authorId}; opsbook is user 99. */
    private static MessageReactionAddEvent reaction(String messageId, String authorId) {
        MessageReactionAddEvent event = mock(MessageReactionAddEvent.class);
        EmojiUnion emoji = mock(EmojiUnion.class);
        when(emoji.getName()).thenReturn("✅");
        when(event.getEmoji()).thenReturn(emoji);
        when(event.getMessageId()).thenReturn(messageId);
        when(event.getMessageAuthorId()).thenReturn(authorId);
        User bob = DiscordListenerTest.user("43", "bob", false);
        when(event.getUserId()).thenReturn("43");
        when(event.getUser()).thenReturn(bob);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        when(channel.getId()).thenReturn("T7");
        when(event.getChannel()).thenReturn(channel);
        JDA jda = mock(JDA.class);
        SelfUser self = mock(SelfUser.class);
        when(self.getId()).thenReturn("99");
        when(jda.getSelfUser()).thenReturn(self);
        when(event.getJDA()).thenReturn(jda);
        return event;
    }

    /**
     * A pool whose database stopped answering: {@code getConnection} waits until {@link #answer} opens (at most 5 s,
     * as the pool's connection timeout), then fails as HikariCP does.
     */
    private static final class OutageDataSource implements DataSource {
        final CountDownLatch answer = new CountDownLatch(1);
        final AtomicInteger waiting = new AtomicInteger();

        @Override
        public Connection getConnection() throws SQLTransientConnectionException {
            waiting.incrementAndGet();
            try {
                answer.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
            throw new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 5000ms.");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLTransientConnectionException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
            throw new java.sql.SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
