package dev.opsbook.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.handler.builtin.SlashCommandHandler;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chatops.OutageAnswers;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.SeenDeliveries;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /runbook}: acknowledges at once (Slack's deadline is 3 seconds) and handles the command
 * on {@code executor}; the reply goes back through the command's {@code response_url}, visible
 * to the caller only (runs themselves are public in their thread). A reply that asks for input (a run
 * with missing or secret parameters) opens its form as a modal right away with the command's
 * {@code trigger_id}; when Slack refuses that, the reply carries a button that opens it.
 *
 * <p>Duplicates: the delivery key is the command's {@code trigger_id} (unique per invocation;
 * Slack reuses it when it redelivers), or when absent a SHA-256 of team, channel, user, command
 * and text. A key seen within the dedupe window is acknowledged and otherwise ignored. The check is a
 * database round trip, so it happens on {@code executor} after the acknowledgement (which is the same
 * either way), not while Slack waits.
 */
final class SlackCommands implements SlashCommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SlackCommands.class);

    private final CommandRouter router;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final SlackResponder responder;
    private final SlackDisplayNames names;

    SlackCommands(CommandRouter router, SeenDeliveries seen, Executor executor, SlackResponder responder,
                  SlackDisplayNames names) {
        this.names = names;
        this.router = router;
        this.seen = seen;
        this.executor = executor;
        this.responder = responder;
    }

    @Override
    public Response apply(SlashCommandRequest request, SlashCommandContext ctx) {
        SlashCommandPayload p = request.getPayload();
        String key = deliveryKey(p);
        ChatThread thread = ChatThread.channel(SlackChatGateway.PLATFORM, p.getChannelId());
        try {
            executor.execute(() -> {
                try {
                    if (!seen.firstSighting(key)) {
                        LOG.info("ignoring a repeated delivery of {} {} ({})", p.getCommand(), firstWord(p.getText()), key);
                        return;
                    }
                    ChatMessage reply = router.handle(p.getText(), names.user(p.getUserId(), p.getUserName()), thread, key);
                    if (reply.form().isPresent() && p.getTriggerId() != null
                            && SlackForms.open(ctx.client(), p.getTriggerId(), reply.form().get(), p.getChannelId())) {
                        reply = reply.withoutForm();
                    }
                    responder.respond(p.getResponseUrl(), reply);
                } catch (DatabaseUnavailableException e) {
                    LOG.warn("{} from {} not handled: {}", firstWord(p.getText()), p.getUserId(), e.getMessage());
                    responder.respond(p.getResponseUrl(), OutageAnswers.commandNotHandled(firstWord(p.getText())));
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("chat executor is full; refusing {} from {}", firstWord(p.getText()), p.getUserId());
            return busy();
        }
        return ctx.ack();
    }

    static final String BUSY = "opsbook is busy right now and did not run this command. Please try again in a minute.";
    /**
     * The refusal's body, serialised once: it is answered while the server is at its busiest, and its first use through
     * Bolt's {@code ctx.ack(text)} (Gson building an adapter, classes loading under one lock) stalled every acknowledgement
     * in flight by about 200 ms in the benchmark.
     */
    private static final String BUSY_BODY = "{\"text\":\"" + BUSY + "\"}";

    static Response busy() {
        return Response.builder().statusCode(200).contentType(Response.CONTENT_TYPE_APPLICATION_JSON_UTF8).body(BUSY_BODY).build();
    }

    static String deliveryKey(SlashCommandPayload p) {
        if (p.getTriggerId() != null && !p.getTriggerId().isBlank()) {
            return "slack:command:" + p.getTriggerId();
        }
        String identity = String.join("\n", String.valueOf(p.getTeamId()), String.valueOf(p.getChannelId()),
                String.valueOf(p.getUserId()), String.valueOf(p.getCommand()), String.valueOf(p.getText()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return "slack:command-hash:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Only the verb goes to the log: parameters may carry values that do not belong there. */
    private static String firstWord(String text) {
        String t = text == null ? "" : text.strip();
        int space = t.indexOf(' ');
        return space < 0 ? t : t.substring(0, space);
    }
}
