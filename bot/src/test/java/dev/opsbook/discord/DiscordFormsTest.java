package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.FormPurpose;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.InMemorySeenDeliveries;
import dev.opsbook.chat.SubmitForm;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;

/**
 * Forms on Discord through JDA's event objects (mocked): a message's form renders as a button, the
 * button opens the form as a modal as its first answer, and the submitted modal reaches the router
 * with its values by field name (text inputs and string selects).
 */
class DiscordFormsTest {
    private final RecordingRunbookOperations ops = new RecordingRunbookOperations();
    private final DiscordListenerTest.RecordingReplies replies = new DiscordListenerTest.RecordingReplies();
    private final DiscordListener listener = new DiscordListener(
            new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"), Map.of())),
            new InMemoryApprovalMessageIndex(10), new InMemorySeenDeliveries(FakeClock.at("2026-11-25T10:00:00Z"),
            Duration.ofMinutes(15), 1000), Runnable::run, replies, new RecordingChatGateway());

    @Test
    void aMessageWithAFormCarriesAButtonThatOpensIt() {
        ChatForm form = ChatForm.confirmation("r-1", "swap-in", "orders_scratch");
        MessageCreateData data = DiscordMessages.create(ChatMessage.builder("confirm please").form(form).build());

        assertThat(data.getComponents().toString()).contains("opsbook.form:confirm|r-1|swap-in", "Confirm step swap-in");
        assertThat(((Button) data.getComponentTree().findAll(Button.class).getFirst()).getCustomId())
                .isEqualTo("opsbook.form:confirm|r-1|swap-in");
    }

    @Test
    void theFormButtonOpensAModalAsItsFirstAnswerAndTheModalSubmitsItsValues() {
        ButtonInteractionEvent click = mock(ButtonInteractionEvent.class);
        when(click.getId()).thenReturn("2001");
        when(click.getComponentId()).thenReturn("opsbook.form:run|pg-restore|");
        var alice = DiscordListenerTest.user("42", "Alice A.", false);
        when(click.getUser()).thenReturn(alice);
        when(click.getChannelId()).thenReturn("C9");

        listener.onButtonInteraction(click);

        assertThat(replies.log).containsExactly("modal: opsbook.form:run|pg-restore| Run");
        assertThat(replies.modals.getFirst().getComponents().toString()).contains("target-db");

        ModalInteractionEvent submitted = mock(ModalInteractionEvent.class);
        when(submitted.getId()).thenReturn("2002");
        when(submitted.getModalId()).thenReturn("opsbook.form:run|pg-restore|");
        when(submitted.getUser()).thenReturn(alice);
        when(submitted.getChannelId()).thenReturn("C9");
        ModalMapping db = mapping("target-db", Component.Type.TEXT_INPUT, "orders", List.of());
        ModalMapping mode = mapping("mode", Component.Type.STRING_SELECT, null, List.of("schema-only"));
        ModalMapping blank = mapping("note", Component.Type.TEXT_INPUT, "  ", List.of());
        when(submitted.getValues()).thenReturn(List.of(db, mode, blank));

        listener.onModalInteraction(submitted);
        listener.onModalInteraction(submitted);

        SubmitForm form = ops.calls(SubmitForm.class).getFirst();
        assertThat(ops.calls(SubmitForm.class)).hasSize(1);
        assertThat(form.purpose()).isEqualTo(new FormPurpose.StartRunForm("pg-restore", Optional.empty()));
        assertThat(form.values()).containsExactly(Map.entry("target-db", "orders"), Map.entry("mode", "schema-only"));
        assertThat(form.requester().identity().id()).isEqualTo("alice");
        assertThat(form.requester().user().displayName()).isEqualTo("Alice A.");
        assertThat(form.thread()).isEqualTo(ChatThread.channel("discord", "C9"));
        assertThat(form.deliveryId()).isEqualTo("discord:interaction:2002");
        assertThat(replies.log).containsExactly("modal: opsbook.form:run|pg-restore| Run", "defer",
                "send: submitted run|pg-restore| with [target-db, mode]");
    }

    @Test
    void aFormThatNoLongerAppliesIsAnsweredInsteadOfOpened() {
        ButtonInteractionEvent click = mock(ButtonInteractionEvent.class);
        when(click.getId()).thenReturn("2003");
        when(click.getComponentId()).thenReturn("opsbook.form:confirm|r-9|swap-in");
        var alice = DiscordListenerTest.user("42", "alice", false);
        when(click.getUser()).thenReturn(alice);

        listener.onButtonInteraction(click);

        assertThat(replies.log).containsExactly("defer", "send: This form no longer applies (the run finished, or the runbook"
                + " changed); nothing was done.");
    }

    @Test
    void opsbooksOwnReactionMarksNeverVoteAndUnknownButtonsAreAnswered() {
        InMemoryApprovalMessageIndex approvals = new InMemoryApprovalMessageIndex(10);
        approvals.remember(new dev.opsbook.chat.MessageRef("discord", "T7", "M5"), "r-2", "promote");
        DiscordListener withRequest = new DiscordListener(
                new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of(), Map.of())), approvals,
                new InMemorySeenDeliveries(FakeClock.at("2026-11-25T10:00:00Z"), Duration.ofMinutes(15), 1000),
                Runnable::run, replies, new RecordingChatGateway());
        var reaction = mock(net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent.class);
        var emoji = mock(net.dv8tion.jda.api.entities.emoji.EmojiUnion.class);
        when(emoji.getName()).thenReturn("✅");
        when(reaction.getEmoji()).thenReturn(emoji);
        when(reaction.getMessageId()).thenReturn("M5");
        when(reaction.getUserId()).thenReturn("99");
        when(reaction.getUser()).thenReturn(null); // not cached by the light client
        var channel = mock(net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion.class);
        when(channel.getId()).thenReturn("T7");
        when(reaction.getChannel()).thenReturn(channel);
        var jda = mock(net.dv8tion.jda.api.JDA.class);
        var self = mock(net.dv8tion.jda.api.entities.SelfUser.class);
        when(self.getId()).thenReturn("99");
        when(jda.getSelfUser()).thenReturn(self);
        when(reaction.getJDA()).thenReturn(jda);

        withRequest.onMessageReactionAdd(reaction);

        assertThat(ops.calls()).isEmpty();

        ButtonInteractionEvent click = mock(ButtonInteractionEvent.class);
        when(click.getId()).thenReturn("2004");
        when(click.getComponentId()).thenReturn("opsbook.alert:ack:a-1");
        withRequest.onButtonInteraction(click);
        assertThat(replies.log).containsExactly("defer", "send: This button is not one this opsbook server knows; nothing was done.");
    }

    private static ModalMapping mapping(String id, Component.Type type, String text, List<String> selected) {
        ModalMapping m = mock(ModalMapping.class);
        when(m.getCustomId()).thenReturn(id);
        when(m.getType()).thenReturn(type);
        when(m.getAsString()).thenReturn(text);
        when(m.getAsStringList()).thenReturn(selected);
        return m;
    }
}
