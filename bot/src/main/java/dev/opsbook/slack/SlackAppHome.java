package dev.opsbook.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.views.ViewsPublishResponse;
import com.slack.api.model.event.AppHomeOpenedEvent;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.HomePage;
import dev.opsbook.chat.SeenDeliveries;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * opsbook's App Home: each time a person opens the app's Home tab ({@code app_home_opened}, tab
 * {@code home}) their page is built afresh ({@link CommandRouter#home}) and published for them alone
 * ({@code views.publish}). Approve/Reject on the page are the approval request's own buttons and go through
 * {@link SlackApprovals}; Cancel ({@link HomePage#CANCEL}) cancels the run as {@code /runbook cancel} does.
 * A click on the page has no response URL, so its answer is shown on top of the republished page.
 * Deliveries are deduplicated (events by event id, clicks by trigger id) and the work runs after the ack.
 */
final class SlackAppHome {
    private static final Logger LOG = LoggerFactory.getLogger(SlackAppHome.class);

    private final CommandRouter router;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final SlackDisplayNames names;
    private final MethodsClient slack;

    SlackAppHome(CommandRouter router, SeenDeliveries seen, Executor executor, SlackDisplayNames names, MethodsClient slack) {
        this.router = router;
        this.seen = seen;
        this.executor = executor;
        this.names = names;
        this.slack = slack;
    }

    BoltEventHandler<AppHomeOpenedEvent> opened() {
        return (EventsApiPayload<AppHomeOpenedEvent> payload, EventContext ctx) -> {
            AppHomeOpenedEvent event = payload.getEvent();
            if (event.getUser() == null || !"home".equals(event.getTab())
                    || !seen.firstSighting("slack:event:" + payload.getEventId())) {
                return ctx.ack(); // the Messages tab, or a redelivery
            }
            executor.execute(() -> publish(event.getUser(), null));
            return ctx.ack();
        };
    }

    BlockActionHandler cancels() {
        return (request, ctx) -> {
            BlockActionPayload p = request.getPayload();
            if (p.getUser() == null || p.getUser().getId() == null || p.getActions() == null || p.getActions().isEmpty()
                    || !seen.firstSighting("slack:action:" + p.getTriggerId())) {
                return ctx.ack();
            }
            String user = p.getUser().getId();
            String runId = p.getActions().getFirst().getValue();
            executor.execute(() -> {
                ChatMessage reply = router.cancel(runId, names.user(user, p.getUser().getUsername()), home(user));
                publish(user, reply);
            });
            return ctx.ack();
        };
    }

    /** Where a click on someone's Home page comes from: their direct conversation with the app. */
    static ChatThread home(String userId) {
        return ChatThread.channel(SlackChatGateway.PLATFORM, userId);
    }

    /** Builds and publishes {@code userId}'s page, with {@code notice} (may be null) on top; failures are logged. */
    void publish(String userId, ChatMessage notice) {
        HomePage page = router.home(names.user(userId, null));
        if (notice != null) {
            page = page.withNotice(notice);
        }
        HomePage shown = page;
        try {
            ViewsPublishResponse response = slack.viewsPublish(r -> r.userId(userId).view(SlackHomeView.render(shown)));
            if (!response.isOk()) {
                LOG.warn("views.publish refused the Home page of {}: {}", userId, response.getError());
            }
        } catch (Exception e) {
            LOG.warn("could not publish the Home page of {}: {}", userId, e.toString());
        }
    }
}
