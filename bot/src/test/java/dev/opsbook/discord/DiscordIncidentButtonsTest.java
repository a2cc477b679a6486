package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbook.alert.AlertPayload;
import dev.opsbook.alert.CardDeliveries;
import dev.opsbook.alert.IncidentBoard;
import dev.opsbook.alert.Incidents;
import dev.opsbook.alert.IncidentButtons;
import dev.opsbook.alert.IncidentCard;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.InMemorySeenDeliveries;
import dev.opsbook.chat.StartRun;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingAuditLog;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.components.buttons.ButtonStyle;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import org.junit.jupiter.api.Test;

/** An incident card on Discord: its buttons as JDA renders them, and clicks on them as JDA delivers them. */
class DiscordIncidentButtonsTest {
    static final Runbook PROBES = RunbookParser.parse("runbooks/probes.md", """
            ---
            id: probes
            title: Blackbox probes
            service: web
            owners: [alice]
            alerts: [ProbeFailure]
            ---
            ## Diagnose

            ```bash {#look kind=check}
            echo ok
            ```
            """.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();

    final FakeClock clock = FakeClock.at("2023-02-06T13:10:00Z");
    final RecordingChatGateway chat = new RecordingChatGateway();
    final IncidentBoard board = new IncidentBoard(clock);
    final CardDeliveries cards = new CardDeliveries(chat, clock, id -> board.find(id).map(i -> IncidentCard.render(i, "")));
    final RecordingRunbookOperations ops = new RecordingRunbookOperations();
    final RecordingAuditLog audit = new RecordingAuditLog();
    final DiscordListenerTest.RecordingReplies replies = new DiscordListenerTest.RecordingReplies();
    final DiscordIncidentButtons listener = new DiscordIncidentButtons(new IncidentButtons(board, cards,
            new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"), Map.of())),
            new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"), Map.of()), audit),
            new InMemorySeenDeliveries(clock, Duration.ofMinutes(15), 1000), Runnable::run, replies);

    String fire() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/alerts/alertmanager-firing.json")) {
            Incidents.Received r = board.receive(AlertPayload.parse(in.readAllBytes()), List.of(PROBES),
                    List.of(ChatThread.channel("discord", "555")));
            cards.changed(r.incident().id(), r.incident().channels());
            cards.pump();
            return r.incident().id();
        }
    }

    @Test
    void theCardHasItsThreeButtonsAsDiscordButtons() throws IOException {
        String id = fire();
        ChatMessage card = chat.calls("post").getFirst().message();
        List<Button> buttons = DiscordMessages.create(card).getComponents().getFirst().asActionRow().getButtons();
        assertThat(buttons).extracting(Button::getLabel).containsExactly("Run diagnosis", "Open runbook", "Acknowledge");
        assertThat(buttons).extracting(Button::getCustomId).containsExactly("opsbook.alert.diagnose:" + id,
                "opsbook.alert.open:" + id, "opsbook.alert.ack:" + id);
        assertThat(buttons).extracting(Button::getStyle).containsOnly(ButtonStyle.SECONDARY);
    }

    @Test
    void acknowledgeRecordsWhoAndUpdatesTheCardAndARedeliveryIsIgnored() throws IOException {
        String id = fire();
        ButtonInteractionEvent event = click("3001", "opsbook.alert.ack:" + id);
        listener.onButtonInteraction(event);
        listener.onButtonInteraction(event);
        assertThat(replies.log).containsExactly("defer", "send: You acknowledged incident `" + id + "` (ProbeFailure).");
        assertThat(audit.events()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditActions.ALERT_ACKNOWLEDGED);
            assertThat(e.actor().userId()).isEqualTo("alice");
        });
        cards.pump();
        assertThat(chat.calls("update").getLast().message().fields()).anyMatch(f -> f.value().equals("alice"));
    }

    @Test
    void runDiagnosisStartsTheProcedureAsTheClickerInTheCardsThread() throws IOException {
        String id = fire();
        listener.onButtonInteraction(click("3002", "opsbook.alert.diagnose:" + id));
        StartRun start = ops.calls(StartRun.class).getFirst();
        assertThat(start.runbookId()).isEqualTo("probes");
        assertThat(start.target()).contains("diagnose");
        assertThat(start.requester().identity().id()).isEqualTo("alice");
        assertThat(start.thread()).isEqualTo(new ChatThread("discord", "555", Optional.of(chat.calls("post").getFirst().ref().messageId())));
    }

    @Test
    void openRunbookWithoutASiteAddressAnswersLikeShow() throws IOException {
        String id = fire();
        listener.onButtonInteraction(click("3004", "opsbook.alert.open:" + id));
        assertThat(replies.log).containsExactly("defer", "send: shown probes");
    }

    @Test
    void theTimelineSubcommandIsRegisteredAndReachesTheRouter() {
        assertThat(DiscordSlashCommands.runbook().getSubcommands()).extracting(s -> s.getName()).contains("timeline");
        String text = DiscordCommandText.of("timeline", Map.of("run", "i-1"));
        new CommandRouter(ops, new ConfiguredIdentityDirectory(Map.of(), Map.of()))
                .handle(text, new dev.opsbook.chat.ChatUser("discord", "42", "alice"), ChatThread.channel("discord", "555"), "d-1");
        assertThat(ops.calls(dev.opsbook.chat.ShowTimeline.class)).singleElement()
                .satisfies(t -> assertThat(t.id()).isEqualTo("i-1"));
    }

    @Test
    void aRunTypedInTheCardsThreadStartsThereAndInOtherThreadsAsUsual() throws IOException {
        String id = fire();
        String cardId = chat.calls("post").getFirst().ref().messageId();
        // the engine's answer to a started run, as the real operations give it (the link is made from it)
        dev.opsbook.chat.RunbookOperations engine = (dev.opsbook.chat.RunbookOperations) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {dev.opsbook.chat.RunbookOperations.class}, (proxy, method, args) -> {
                    Object reply = method.invoke(ops, args);
                    return method.getName().equals("start") ? ChatMessage.text("Run `r-00000000" + ops.calls(StartRun.class).size()
                            + "a` of `probes` started") : reply;
                });
        IncidentButtons buttons = new IncidentButtons(board, cards, new CommandRouter(engine,
                new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"), Map.of())),
                new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"), Map.of()), audit);
        DiscordListener commands = new DiscordListener(new CommandRouter(engine, new ConfiguredIdentityDirectory(Map.of("discord:42", "alice"),
                Map.of())), new dev.opsbook.chat.InMemoryApprovalMessageIndex(100), new InMemorySeenDeliveries(clock, Duration.ofMinutes(15), 1000),
                Runnable::run, replies, chat, Optional.of(buttons));
        commands.onSlashCommandInteraction(threadSlash("4001", cardId, "555", "probes"));
        commands.onSlashCommandInteraction(threadSlash("4002", "777", "555", "probes"));
        assertThat(ops.calls(StartRun.class)).extracting(StartRun::thread)
                .containsExactly(ChatThread.channel("discord", cardId), ChatThread.channel("discord", "777"));
        assertThat(replies.log).containsExactly("defer", "send: Run `r-000000001a` of `probes` started", "defer",
                "send: Run `r-000000002a` of `probes` started");
        assertThat(board.runs(id)).as("only the run typed in the card's thread").containsExactly("r-000000001a");
        assertThat(audit.events()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditActions.ALERT_RUN_LINKED);
            assertThat(e.details()).containsEntry("incident", id).containsEntry("via", "thread");
        });
    }

    static net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent threadSlash(String id, String threadId,
                                                                                                 String parentId, String runbook) {
        var event = mock(net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent.class);
        when(event.getName()).thenReturn("runbook");
        when(event.getSubcommandName()).thenReturn("run");
        when(event.getId()).thenReturn(id);
        var option = mock(net.dv8tion.jda.api.interactions.commands.OptionMapping.class);
        when(option.getName()).thenReturn("id");
        when(option.getAsString()).thenReturn(runbook);
        when(event.getOptions()).thenReturn(List.of(option));
        when(event.getChannelId()).thenReturn(threadId);
        when(event.getChannelType()).thenReturn(net.dv8tion.jda.api.entities.channel.ChannelType.GUILD_PUBLIC_THREAD);
        var channel = mock(net.dv8tion.jda.api.entities.channel.unions.MessageChannelUnion.class);
        var thread = mock(net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel.class);
        var parent = mock(net.dv8tion.jda.api.entities.channel.unions.IThreadContainerUnion.class);
        when(event.getChannel()).thenReturn(channel);
        when(channel.asThreadChannel()).thenReturn(thread);
        when(thread.getParentChannel()).thenReturn(parent);
        when(parent.getId()).thenReturn(parentId);
        User user = mock(User.class);
        when(user.getId()).thenReturn("42");
        when(user.getName()).thenReturn("alice");
        when(user.getEffectiveName()).thenReturn("alice");
        when(event.getUser()).thenReturn(user);
        return event;
    }

    @Test
    void otherButtonsAreLeftToTheOtherListener() {
        listener.onButtonInteraction(click("3003", "opsbook.approve:r-1|restore"));
        assertThat(replies.log).isEmpty();
    }

    static ButtonInteractionEvent click(String interactionId, String customId) {
        ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
        when(event.getComponentId()).thenReturn(customId);
        when(event.getId()).thenReturn(interactionId);
        User alice = mock(User.class);
        when(alice.getId()).thenReturn("42");
        when(alice.getName()).thenReturn("alice");
        when(event.getUser()).thenReturn(alice);
        when(event.getChannelId()).thenReturn("555");
        return event;
    }
}
