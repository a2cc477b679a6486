package dev.opsbook.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.app_backend.views.payload.ViewSubmissionPayload;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.handler.builtin.ViewSubmissionHandler;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.SeenDeliveries;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forms in Slack: a message's form button ({@link #OPEN}, value the form's purpose) opens the form as a
 * modal with the click's {@code trigger_id} ({@code views.open}); a {@code /runbook run} that needs
 * input opens it at once with the command's trigger ({@link #open}). The submitted modal
 * ({@code view_submission}) is acknowledged (the modal closes) and handled on {@code executor}; the
 * answer goes privately to the submitter in the channel the form was asked from. Values are never logged.
 */
final class SlackForms {
    private static final Logger LOG = LoggerFactory.getLogger(SlackForms.class);
    static final String OPEN = "opsbook.form";

    private final CommandRouter router;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final SlackResponder responder;
    private final SlackDisplayNames names;

    SlackForms(CommandRouter router, SeenDeliveries seen, Executor executor, SlackResponder responder, SlackDisplayNames names) {
        this.router = router;
        this.seen = seen;
        this.executor = executor;
        this.responder = responder;
        this.names = names;
    }

    /** Opens {@code form} as a modal; false (logged) when Slack refused, e.g. an expired trigger. */
    static boolean open(MethodsClient client, String triggerId, ChatForm form, String channel) {
        try {
            ViewsOpenResponse response = client.viewsOpen(r -> r.triggerId(triggerId).view(SlackModals.view(form, channel)));
            if (!response.isOk()) {
                LOG.warn("views.open refused the form {}: {}", form.purpose().value(), response.getError());
            }
            return response.isOk();
        } catch (Exception e) {
            LOG.warn("could not open the form {}: {}", form.purpose().value(), e.toString());
            return false;
        }
    }

    BlockActionHandler buttons() {
        return (request, ctx) -> {
            BlockActionPayload p = request.getPayload();
            if (p.getUser() == null || p.getChannel() == null || p.getActions() == null || p.getActions().isEmpty()
                    || !seen.firstSighting("slack:action:" + p.getTriggerId())) {
                return ctx.ack();
            }
            String purpose = p.getActions().getFirst().getValue();
            executor.execute(() -> {
                Optional<ChatForm> form = router.form(purpose, names.user(p.getUser().getId(), p.getUser().getUsername()));
                if (form.isEmpty()) {
                    responder.respond(p.getResponseUrl(), ChatMessage.text("This form no longer applies (the run finished,"
                            + " or the runbook changed); nothing was done."));
                } else if (!open(ctx.client(), p.getTriggerId(), form.get(), p.getChannel().getId())) {
                    responder.respond(p.getResponseUrl(), ChatMessage.text("Slack did not open the form; press the button again."));
                }
            });
            return ctx.ack();
        };
    }

    ViewSubmissionHandler submissions() {
        return (request, ctx) -> {
            ViewSubmissionPayload p = request.getPayload();
            String metadata = p.getView() == null ? null : p.getView().getPrivateMetadata();
            int cut = metadata == null ? -1 : metadata.indexOf(' ');
            if (p.getUser() == null || cut <= 0 || !seen.firstSighting("slack:view:" + p.getView().getId())) {
                return ctx.ack();
            }
            String channel = metadata.substring(0, cut);
            String purpose = metadata.substring(cut + 1);
            Map<String, String> values = SlackModals.values(p.getView().getState());
            String user = p.getUser().getId();
            executor.execute(() -> {
                ChatMessage reply = router.submit(purpose, values, names.user(user, p.getUser().getUsername()),
                        ChatThread.channel(SlackChatGateway.PLATFORM, channel), "slack:view:" + p.getView().getId());
                try {
                    ctx.client().chatPostEphemeral(r -> r.channel(channel).user(user)
                            .text(BlockKit.fallback(reply)).blocks(BlockKit.render(reply)));
                } catch (Exception e) {
                    LOG.warn("could not answer the form of {}: {}", user, e.toString());
                }
            });
            return ctx.ack();
        };
    }
}
