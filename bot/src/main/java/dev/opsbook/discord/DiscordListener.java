package dev.opsbook.discord;

import dev.opsbook.alert.IncidentButtons;
import net.dv8tion.jda.api.entities.channel.ChannelType;

import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.chat.SeenDeliveries;
import dev.opsbook.chatops.OutageAnswers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.ModalInteractionEvent;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's side of chat: {@code /runbook} slash commands and approval buttons are deferred at
 * once (Discord's deadline is 3 seconds) and handled on {@code executor}; ✅/✔️/❌ reactions on an
 * approval request vote, with the answer posted in the request's thread. A form button (parameters
 * of a run, a step's confirmation) opens a modal at once; the submitted modal is deferred and handled
 * like a command. Interactions are deduplicated by interaction id, reactions by message, user and emoji.
 *
 * <p>The interaction's duplicate check (the shared table: only the replica that takes it answers) runs on
 * {@code executor} and is waited for at most {@link #CHECK_WAIT}: when the database stops answering (the pool waits
 * 5 s for a connection) the interaction is answered "audit log unavailable … nothing was started or recorded" (a vote:
 * "… the vote was not recorded") within Discord's 3 s, and so is one that fails further on. A reaction's lookup and
 * duplicate check run on {@code executor}; during an outage the voter is told in the channel, only when the reaction
 * is on one of opsbook's messages. Each such miss logs one line.
 */
final class DiscordListener extends ListenerAdapter {
    static final String PLATFORM = "discord";
    private static final Logger LOG = LoggerFactory.getLogger(DiscordListener.class);
    /** How long an interaction waits for its duplicate check before it is answered as not handled (Discord allows 3 s). */
    static final Duration CHECK_WAIT = Duration.ofSeconds(2);
    static final Map<String, Decision> REACTIONS = Map.of("✅", Decision.APPROVE, "✔️", Decision.APPROVE,
            "✔", Decision.APPROVE, "❌", Decision.REJECT);

    private final CommandRouter router;
    private final ApprovalMessageIndex approvals;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final DiscordReplies replies;
    private final ChatGateway gateway;
    private final Optional<IncidentButtons> incidents;

    DiscordListener(CommandRouter router, ApprovalMessageIndex approvals, SeenDeliveries seen, Executor executor,
                    DiscordReplies replies, ChatGateway gateway) {
        this(router, approvals, seen, executor, replies, gateway, Optional.empty());
    }

    /** {@code incidents}: what a {@code /runbook run} in an incident card's thread does (it is linked to the incident). */
    DiscordListener(CommandRouter router, ApprovalMessageIndex approvals, SeenDeliveries seen, Executor executor,
                    DiscordReplies replies, ChatGateway gateway, Optional<IncidentButtons> incidents) {
        this.incidents = incidents;
        this.router = router;
        this.approvals = approvals;
        this.seen = seen;
        this.executor = executor;
        this.replies = replies;
        this.gateway = gateway;
    }

    @Override
    public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
        if (!"runbook".equals(event.getName())) {
            return;
        }
        String verb = String.valueOf(event.getSubcommandName());
        Supplier<ChatMessage> notHandled = () -> OutageAnswers.commandNotHandled(verb);
        if (!taken(event, notHandled)) {
            return;
        }
        replies.defer(event);
        Map<String, String> options = new LinkedHashMap<>();
        for (OptionMapping option : event.getOptions()) {
            options.put(option.getName(), option.getAsString());
        }
        String text = DiscordCommandText.of(event.getSubcommandName(), options);
        ChatUser user = user(event.getUser());
        ChatThread thread = ChatThread.channel(PLATFORM, event.getChannelId());
        String deliveryId = "discord:interaction:" + event.getId();
        Optional<MessageRef> card = cardOfThread(event);
        executor.execute(() -> answer(event, notHandled, () -> card.flatMap(parent -> incidents.orElseThrow()
                        .typedInThread(text, user, parent, thread, deliveryId))
                .orElseGet(() -> router.handle(text, user, thread, deliveryId))));
    }

    /**
     * Whether this replica takes the interaction: its duplicate check, waited for at most {@link #CHECK_WAIT}. When
     * the database does not answer in that time, or fails, the interaction is answered with {@code notHandled} here.
     */
    private boolean taken(IReplyCallback interaction, Supplier<ChatMessage> notHandled) {
        String key = "discord:interaction:" + interaction.getId();
        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> seen.firstSighting(key), executor);
        String why;
        try {
            return first.get(CHECK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            why = "the database did not answer within " + CHECK_WAIT.toSeconds() + " s";
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RuntimeException failure) || !OutageAnswers.isOutage(failure)) {
                throw new IllegalStateException("the duplicate check of " + key + " failed", e.getCause());
            }
            why = failure.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = "interrupted";
        }
        LOG.warn("Discord interaction of {} not handled: {}", interaction.getUser().getId(), why);
        replies.defer(interaction);
        replies.send(interaction, notHandled.get());
        return false;
    }

    /** Sends what {@code work} answers; when the database stops answering on the way, {@code notHandled}. */
    private void answer(IReplyCallback interaction, Supplier<ChatMessage> notHandled, Supplier<ChatMessage> work) {
        ChatMessage reply;
        try {
            reply = work.get();
        } catch (RuntimeException e) {
            if (!OutageAnswers.isOutage(e)) {
                throw e;
            }
            LOG.warn("Discord interaction of {} not handled: {}", interaction.getUser().getId(), e.getMessage());
            reply = notHandled.get();
        }
        replies.send(interaction, reply);
    }

    /**
     * The message a thread was started from, when the command was typed in a thread: on Discord a thread started from a
     * message has that message's id, and its parent channel is the message's channel.
     */
    private Optional<MessageRef> cardOfThread(SlashCommandInteractionEvent event) {
        ChannelType type = event.getChannelType();
        if (incidents.isEmpty() || type == null || !type.isThread()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new MessageRef(PLATFORM, event.getChannel().asThreadChannel().getParentChannel().getId(),
                    event.getChannelId()));
        } catch (RuntimeException e) {
            LOG.info("could not read the parent of Discord thread {}: {}", event.getChannelId(), e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        if (event.getComponentId().startsWith(DiscordModals.ID)) {
            openForm(event);
            return;
        }
        Optional<ApprovalAction> vote = DiscordMessages.parseButton(event.getComponentId());
        if (!taken(event, OutageAnswers::voteNotRecorded)) {
            return;
        }
        if (vote.isEmpty()) { // every component on opsbook's messages is opsbook's: answer, or Discord shows a failure
            LOG.info("a Discord button opsbook does not know was pressed");
            replies.defer(event);
            replies.send(event, ChatMessage.text("This button is not one this opsbook server knows; nothing was done."));
            return;
        }
        replies.defer(event);
        ChatUser voter = user(event.getUser());
        ChatThread thread = ChatThread.channel(PLATFORM, event.getChannelId());
        executor.execute(() -> answer(event, OutageAnswers::voteNotRecorded,
                () -> router.vote(vote.get(), voter, thread, CastVote.Source.BUTTON)));
    }

    /**
     * A form button: the modal must be the interaction's first answer, within Discord's 3 seconds, so the
     * form is built here (reading the runbook) and not deferred.
     */
    private void openForm(ButtonInteractionEvent event) {
        if (!seen.firstSighting("discord:interaction:" + event.getId())) {
            return;
        }
        Optional<ChatForm> form = router.form(event.getComponentId().substring(DiscordModals.ID.length()), user(event.getUser()));
        if (form.isPresent()) {
            replies.openModal(event, DiscordModals.modal(form.get()));
            return;
        }
        replies.defer(event);
        replies.send(event, ChatMessage.text("This form no longer applies (the run finished, or the runbook changed); nothing was done."));
    }

    @Override
    public void onModalInteraction(ModalInteractionEvent event) {
        if (!event.getModalId().startsWith(DiscordModals.ID) || !seen.firstSighting("discord:interaction:" + event.getId())) {
            return;
        }
        replies.defer(event);
        Map<String, String> values = DiscordModals.values(event.getValues());
        ChatUser user = user(event.getUser());
        ChatThread thread = ChatThread.channel(PLATFORM, event.getChannelId());
        String purpose = event.getModalId().substring(DiscordModals.ID.length());
        executor.execute(() -> replies.send(event, router.submit(purpose, values, user, thread, "discord:interaction:" + event.getId())));
    }

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent event) {
        Decision decision = REACTIONS.get(event.getEmoji().getName());
        if (decision == null || (event.getUser() != null && event.getUser().isBot()) || fromSelf(event)) {
            return;
        }
        String channel = event.getChannel().getId();
        String key = "discord:reaction:" + event.getMessageId() + ":" + event.getUserId() + ":" + event.getEmoji().getName();
        String name = event.getUser() == null ? event.getUserId() : event.getUser().getEffectiveName();
        ChatUser voter = new ChatUser(PLATFORM, event.getUserId(), name);
        ChatThread thread = ChatThread.channel(PLATFORM, channel);
        boolean onOurMessage = onOwnMessage(event);
        executor.execute(() -> { // which request the message is, and the duplicate check, read the database
            ChatMessage reply;
            try {
                Optional<ApprovalAction> request = approvals.find(new MessageRef(PLATFORM, channel, event.getMessageId()));
                if (request.isEmpty() || !seen.firstSighting(key)) {
                    return;
                }
                ApprovalAction vote = new ApprovalAction(decision, request.get().runId(), request.get().stepId());
                reply = router.vote(vote, voter, thread, CastVote.Source.REACTION);
            } catch (RuntimeException e) {
                if (!OutageAnswers.isOutage(e)) {
                    throw e;
                }
                LOG.warn("Discord reaction {} of {} not handled: {}", event.getEmoji().getName(), event.getUserId(), e.getMessage());
                if (!onOurMessage) {
                    return; // not on one of opsbook's messages: not a vote
                }
                reply = OutageAnswers.voteNotRecorded();
            }
            try {
                gateway.post(thread, ChatMessage.builder("<@" + event.getUserId() + "> " + reply.text())
                        .status(reply.status().orElse(null)).context(reply.context().orElse(null)).build());
            } catch (RuntimeException e) {
                LOG.warn("could not tell {} how their reaction vote went: {}", event.getUserId(), e.toString());
            }
        });
    }

    /**
     * opsbook's own reactions (the ⏳/✅/❌ marks on approval requests) never vote. The light JDA client caches
     * no users, so the event may carry no user to ask {@code isBot()}: compare with the bot's own id.
     */
    private static boolean fromSelf(MessageReactionAddEvent event) {
        net.dv8tion.jda.api.JDA jda = event.getJDA();
        return jda != null && jda.getSelfUser() != null && jda.getSelfUser().getId().equals(event.getUserId());
    }

    /** Whether the reacted-to message is opsbook's own (Discord names its author with guild reactions). */
    private static boolean onOwnMessage(MessageReactionAddEvent event) {
        net.dv8tion.jda.api.JDA jda = event.getJDA();
        return jda != null && jda.getSelfUser() != null && jda.getSelfUser().getId().equals(event.getMessageAuthorId());
    }

    /** Discord users by their display name (global name, else user name), never the raw snowflake. */
    private static ChatUser user(User user) {
        return new ChatUser(PLATFORM, user.getId(), user.getEffectiveName());
    }
}
