package dev.opsbook.slack;

import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.event.MessageEvent;
import dev.opsbook.alert.IncidentButtons;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.SeenDeliveries;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lessons learned typed as a reply in a drill's thread: a message starting with {@code lesson:}
 * becomes {@code /runbook lesson DRILL text}, the drill id read from the thread's parent message
 * (the run's status message, {@code … run `r-…` …}). The answer goes to the author only. Other
 * messages, edits and bot messages are ignored; redeliveries are recognised by event id. A reply {@code run …} (or
 * {@code /runbook run …}) in an incident card's thread starts the run there, linked to the incident
 * ({@link IncidentButtons#typedInThread}); in other threads it is ignored.
 */
final class SlackThreadLessons {
    private static final Logger LOG = LoggerFactory.getLogger(SlackThreadLessons.class);
    static final Pattern LESSON = Pattern.compile("(?is)^\\s*lesson:\\s*(\\S.*)$");
    private static final Pattern RUN_ID = Pattern.compile("run `(r-[0-9a-f]{10})`");

    private final CommandRouter router;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final SlackDisplayNames names;

    private final Optional<IncidentButtons> incidents;

    SlackThreadLessons(CommandRouter router, SeenDeliveries seen, Executor executor, SlackDisplayNames names,
                       Optional<IncidentButtons> incidents) {
        this.incidents = incidents;
        this.names = names;
        this.router = router;
        this.seen = seen;
        this.executor = executor;
    }

    BoltEventHandler<MessageEvent> messages() {
        return (EventsApiPayload<MessageEvent> payload, EventContext ctx) -> {
            MessageEvent event = payload.getEvent();
            if (incidents.isPresent() && event.getThreadTs() != null && !event.getThreadTs().equals(event.getTs())
                    && event.getBotId() == null && event.getUser() != null && IncidentButtons.typedRun(event.getText())) {
                if (seen.firstSighting("slack:event:" + payload.getEventId())) {
                    executor.execute(() -> runInIncidentThread(ctx, event, "slack:event:" + payload.getEventId()));
                }
                return ctx.ack();
            }
            Matcher lesson = LESSON.matcher(Optional.ofNullable(event.getText()).orElse(""));
            if (event.getThreadTs() == null || event.getThreadTs().equals(event.getTs()) || event.getBotId() != null
                    || event.getUser() == null || !lesson.matches() || !seen.firstSighting("slack:event:" + payload.getEventId())) {
                return ctx.ack();
            }
            String channel = event.getChannel();
            ChatThread thread = new ChatThread(SlackChatGateway.PLATFORM, channel, Optional.of(event.getThreadTs()));
            executor.execute(() -> {
                ChatMessage reply;
                try {
                    Optional<String> drill = drillOf(ctx, channel, event.getThreadTs());
                    reply = drill.map(id -> router.handle("lesson " + id + " " + lesson.group(1).strip(),
                                    names.user(event.getUser(), null), thread,
                                    "slack:event:" + payload.getEventId()))
                            .orElseGet(() -> ChatMessage.text("This thread is not a drill's, so the lesson was not recorded:"
                                    + " reply `lesson: …` in the drill's thread, or use /runbook lesson DRILL text."));
                } catch (Exception e) {
                    LOG.warn("could not read the parent of thread {} in {}: {}", event.getThreadTs(), channel, e.toString());
                    reply = ChatMessage.text("opsbook could not read this thread's first message, so the lesson was not"
                            + " recorded; use /runbook lesson DRILL text.");
                }
                ChatMessage answer = reply;
                try {
                    ctx.client().chatPostEphemeral(r -> r.channel(channel).user(event.getUser()).threadTs(event.getThreadTs())
                            .text(BlockKit.fallback(answer)).blocks(BlockKit.render(answer)));
                } catch (Exception e) {
                    LOG.warn("could not answer the lesson of {}: {}", event.getUser(), e.toString());
                }
            });
            return ctx.ack();
        };
    }

    /** {@code run …} typed in an incident card's thread: started there and linked to the incident; elsewhere ignored. */
    private void runInIncidentThread(EventContext ctx, MessageEvent event, String delivery) {
        String channel = event.getChannel();
        ChatThread thread = new ChatThread(SlackChatGateway.PLATFORM, channel, Optional.of(event.getThreadTs()));
        Optional<ChatMessage> reply = incidents.orElseThrow().typedInThread(event.getText(), names.user(event.getUser(), null),
                new MessageRef(SlackChatGateway.PLATFORM, channel, event.getThreadTs()), thread, delivery);
        reply.ifPresent(answer -> {
            try {
                ctx.client().chatPostEphemeral(r -> r.channel(channel).user(event.getUser()).threadTs(event.getThreadTs())
                        .text(BlockKit.fallback(answer)).blocks(BlockKit.render(answer)));
            } catch (Exception e) {
                LOG.warn("could not answer the run command of {} in an incident thread: {}", event.getUser(), e.toString());
            }
        });
    }

    /** The run id named by the thread's parent message. */
    private static Optional<String> drillOf(EventContext ctx, String channel, String threadTs) throws Exception {
        ConversationsRepliesResponse replies = ctx.client().conversationsReplies(r -> r.channel(channel).ts(threadTs).limit(1));
        if (!replies.isOk() || replies.getMessages() == null || replies.getMessages().isEmpty()) {
            throw new IllegalStateException("conversations.replies: " + replies.getError());
        }
        Matcher m = RUN_ID.matcher(Optional.ofNullable(replies.getMessages().getFirst().getText()).orElse(""));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
