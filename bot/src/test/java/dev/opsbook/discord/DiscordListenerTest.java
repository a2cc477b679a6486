package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.InMemorySeenDeliveries;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.chat.StartRun;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion;
import net.dv8tion.jda.api.entities.emoji.EmojiUnion;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.junit.jupiter.api.Test;

/** Drives the listener with JDA event objects (mocked: JDA ships no test utilities) and checks what goes out. */
class DiscordListenerTest {
    private final RecordingRunbookOperations ops = new RecordingRunbookOperations();
    private final InMemoryApprovalMessageIndex approvals = new InMemoryApprovalMessageIndex(100);
    private final RecordingChatGateway chat = new RecordingChatGateway();
    private final RecordingReplies replies = new RecordingReplies();
    private final DiscordListener listener = new DiscordListener(
            new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"), Map.of())),
            approvals, new InMemorySeenDeliveries(FakeClock.at("2026-11-25T10:00:00Z"), Duration.ofMinutes(15), 1000),
            Runnable::run, replies, chat);

    /** Records deferrals and answers in order. */
    static final class RecordingReplies implements DiscordReplies {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void defer(IReplyCallback interaction) {
            log.add("defer");
        }

        @Override
        public void send(IReplyCallback interaction, ChatMessage reply) {
            log.add("send: " + reply.text());
        }

        @Override
        public void openModal(net.dv8tion.jda.api.interactions.callbacks.IModalCallback interaction,
                              net.dv8tion.jda.api.modals.Modal modal) {
            log.add("modal: " + modal.getId() + " " + modal.getTitle());
            modals.add(modal);
        }

        final List<net.dv8tion.jda.api.modals.Modal> modals = new CopyOnWriteArrayList<>();
    }

    @Test
    void aSlashCommandIsDeferredThenRoutedWithItsOptions() {
        SlashCommandInteractionEvent event = slash("1001", "run", Map.of("id", "pg-restore",
                "target", "Restore from snapshot", "params", "target-db=orders env=\"eu west\""));

        listener.onSlashCommandInteraction(event);
        listener.onSlashCommandInteraction(event);

        assertThat(replies.log).containsExactly("defer", "send: started pg-restore");
        StartRun start = ops.calls(StartRun.class).getFirst();
        assertThat(ops.calls(StartRun.class)).hasSize(1);
        assertThat(start.target()).contains("Restore from snapshot");
        assertThat(start.params()).containsEntry("target-db", "orders").containsEntry("env", "eu west");
        assertThat(start.requester().identity().id()).isEqualTo("alice");
        assertThat(start.thread()).isEqualTo(ChatThread.channel("discord", "C9"));
        assertThat(start.deliveryId()).isEqualTo("discord:interaction:1001");
    }

    @Test
    void rejectWithAReasonAndHelpReachTheRouter() {
        listener.onSlashCommandInteraction(slash("1002", "reject", Map.of("run", "r-5", "reason", "not during the sale")));
        listener.onSlashCommandInteraction(slash("1003", "help", Map.of()));

        CastVote vote = ops.calls(CastVote.class).getFirst();
        assertThat(vote.decision()).isEqualTo(Decision.REJECT);
        assertThat(vote.reason()).contains("not during the sale");
        assertThat(replies.log.getLast()).contains("/runbook run ID");
    }

    @Test
    void anApprovalButtonVotesOnItsRunAndStep() {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        when(event.getComponentId()).thenReturn("opsbook.reject:r-1|restore");
        when(event.getId()).thenReturn("2001");
        User bob = user("43", "bob", false);
        when(event.getUser()).thenReturn(bob);
        when(event.getChannelId()).thenReturn("T7");

        listener.onButtonInteraction(event);

        CastVote vote = ops.calls(CastVote.class).getFirst();
        assertThat(vote.runId()).isEqualTo("r-1");
        assertThat(vote.stepId()).contains("restore");
        assertThat(vote.decision()).isEqualTo(Decision.REJECT);
        assertThat(vote.source()).isEqualTo(CastVote.Source.BUTTON);
        assertThat(replies.log).containsExactly("defer", "send: vote reject on r-1");
    }

    @Test
    void reactionsOnAnApprovalRequestVoteAndAnswerInItsThread() {
        approvals.remember(new MessageRef("discord", "T7", "M5"), "r-2", "promote");

        listener.onMessageReactionAdd(reaction("✅", "M5", user("43", "bob", false)));
        listener.onMessageReactionAdd(reaction("✅", "M5", user("43", "bob", false)));
        listener.onMessageReactionAdd(reaction("👍", "M5", user("44", "carol", false)));
        listener.onMessageReactionAdd(reaction("✅", "M6", user("44", "carol", false)));
        listener.onMessageReactionAdd(reaction("❌", "M5", user("99", "opsbook", true)));

        CastVote vote = ops.calls(CastVote.class).getFirst();
        assertThat(ops.calls(CastVote.class)).hasSize(1);
        assertThat(vote.runId()).isEqualTo("r-2");
        assertThat(vote.stepId()).contains("promote");
        assertThat(vote.source()).isEqualTo(CastVote.Source.REACTION);
        assertThat(vote.voter().user().displayName()).isEqualTo("bob");
        RecordingChatGateway.Call answer = chat.calls("post").getFirst();
        assertThat(answer.where()).isEqualTo(ChatThread.channel("discord", "T7"));
        assertThat(answer.message().text()).isEqualTo("<@43> vote approve on r-2");
    }

    private static SlashCommandInteractionEvent slash(String id, String subcommand, Map<String, String> options) {
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        when(event.getName()).thenReturn("runbook");
        when(event.getId()).thenReturn(id);
        when(event.getSubcommandName()).thenReturn(subcommand);
        List<OptionMapping> mappings = options.entrySet().stream().map(e -> {
            OptionMapping option = mock(OptionMapping.class);
            when(option.getName()).thenReturn(e.getKey());
            when(option.getAsString()).thenReturn(e.getValue());
            return option;
        }).toList();
        when(event.getOptions()).thenReturn(mappings);
        User alice = user("42", "alice", false);
        when(event.getUser()).thenReturn(alice);
        when(event.getChannelId()).thenReturn("C9");
        return event;
    }

    private static MessageReactionAddEvent reaction(String emoji, String messageId, User user) {
        MessageReactionAddEvent event = mock(MessageReactionAddEvent.class);
        EmojiUnion e = mock(EmojiUnion.class);
        when(e.getName()).thenReturn(emoji);
        when(event.getEmoji()).thenReturn(e);
        when(event.getMessageId()).thenReturn(messageId);
        String userId = user.getId();
        when(event.getUserId()).thenReturn(userId);
        when(event.getUser()).thenReturn(user);
        MessageChannelUnion channel = mock(MessageChannelUnion.class);
        when(channel.getId()).thenReturn("T7");
        when(event.getChannel()).thenReturn(channel);
        return event;
    }

    static User user(String id, String name, boolean bot) {
        User user = mock(User.class);
        when(user.getId()).thenReturn(id);
        when(user.getName()).thenReturn(name);
        when(user.getEffectiveName()).thenReturn(name);
        when(user.isBot()).thenReturn(bot);
        return user;
    }
}
