package dev.opsbook.slack;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import dev.opsbook.alert.IncidentButtons;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.SeenDeliveries;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/**
 * The incident card's buttons on Slack (action ids {@code opsbook.alert.*}, value the incident id): acknowledged at
 * once, handled by {@link IncidentButtons} on the chat executor, answered to the clicker through {@code response_url}.
 * A click on a link button ("Open runbook" with the site's address) only opens the page.
 */
final class SlackIncidentButtons {
    static final Pattern ACTIONS = Pattern.compile("opsbook\\.alert\\..+");

    private SlackIncidentButtons() {}

    static SlackIncidentButtons register(App app, IncidentButtons buttons, SeenDeliveries seen, Executor executor,
                                                SlackResponder responder) {
        app.blockAction(ACTIONS, (request, ctx) -> {
            BlockActionPayload p = request.getPayload();
            if (!seen.firstSighting("slack:action:" + p.getTriggerId())) {
                return ctx.ack();
            }
            ChatUser user = new ChatUser(SlackChatGateway.PLATFORM, p.getUser().getId(),
                    Optional.ofNullable(p.getUser().getName()).orElse(p.getUser().getUsername()));
            for (BlockActionPayload.Action action : p.getActions()) {
                if (action.getValue() == null || action.getValue().isEmpty()) {
                    continue; // a link button: Slack opened the page
                }
                String delivery = "slack:" + p.getTriggerId() + ":" + action.getActionId();
                executor.execute(() -> responder.respond(p.getResponseUrl(),
                        buttons.press(action.getActionId(), action.getValue(), user, delivery)));
            }
            return ctx.ack();
        });
        return new SlackIncidentButtons();
    }
}
