package dev.opsbook.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges what opsbook has no handler for instead of Bolt's {@code 404 no handler found}: the
 * message subtypes a channel subscription brings ({@code message_changed} from opsbook's own
 * {@code chat.update}, {@code message_deleted}, {@code channel_join}, {@code bot_message},
 * {@code thread_broadcast}, …), event types Slack adds later, and interactivity opsbook does not act
 * on (a link button). Slack retries deliveries that fail and turns event delivery off for apps that
 * keep failing, which would also end reaction votes. Ignored deliveries are logged at debug level only:
 * every run's status update produces one.
 */
final class SlackUnhandled implements Middleware {
    private static final Logger LOG = LoggerFactory.getLogger(SlackUnhandled.class);

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        Response answer = chain.next(req);
        if (answer.getStatusCode() != 404) {
            return answer;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("acknowledged and ignored a Slack {} ({})", req.getRequestType(),
                    req instanceof EventRequest e ? e.getEventTypeAndSubtype() : "no handler");
        }
        return Response.ok();
    }
}
