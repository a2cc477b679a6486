package dev.opsbook.slack;

import com.slack.api.app_backend.events.payload.EventsApiPayload;
import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.context.builtin.EventContext;
import com.slack.api.bolt.handler.BoltEventHandler;
import com.slack.api.bolt.handler.builtin.BlockActionHandler;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.event.ReactionAddedEvent;
import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.chat.SeenDeliveries;
import dev.opsbook.chatops.OutageAnswers;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Votes from Slack: the Approve/Reject buttons of an approval request ({@code block_actions}) and
 * reactions on it ({@code reaction_added}: ✅ {@code white_check_mark} or ✔️ {@code heavy_check_mark}
 * approve, ❌ {@code x} rejects). Both acknowledge first and vote on {@code executor}; the engine side
 * answers in the run's thread, and the voter is told privately (response_url for buttons,
 * chat.postEphemeral for reactions, the refreshed page for buttons on the App Home, {@link SlackAppHome}). Voters are named by {@link SlackDisplayNames}. Button
 * clicks are deduplicated by trigger id, reactions by event id, on the executor too (after the acknowledgement), so a
 * database outage never delays or fails the answer to Slack: the voter is told "audit log unavailable … the vote was
 * not recorded" instead (a reaction only when it is on one of opsbook's messages).
 */
final class SlackApprovals {
    private static final Logger LOG = LoggerFactory.getLogger(SlackApprovals.class);
    static final Map<String, Decision> REACTIONS = Map.of(
            "white_check_mark", Decision.APPROVE,
            "heavy_check_mark", Decision.APPROVE,
            "x", Decision.REJECT);

    private final CommandRouter router;
    private final ApprovalMessageIndex approvals;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final SlackResponder responder;
    private final SlackDisplayNames names;
    private final SlackAppHome home;

    SlackApprovals(CommandRouter router, ApprovalMessageIndex approvals, SeenDeliveries seen, Executor executor,
                   SlackResponder responder, SlackDisplayNames names, SlackAppHome home) {
        this.names = names;
        this.home = home;
        this.router = router;
        this.approvals = approvals;
        this.seen = seen;
        this.executor = executor;
        this.responder = responder;
    }

    BlockActionHandler buttons() {
        return (BlockActionRequest request, ActionContext ctx) -> {
            BlockActionPayload p = request.getPayload();
            boolean onHomePage = p.getChannel() == null && p.getContainer() != null && "view".equals(p.getContainer().getType())
                    && p.getView() != null && "home".equals(p.getView().getType());
            if (p.getUser() == null || p.getUser().getId() == null || (p.getChannel() == null && !onHomePage) || p.getActions() == null) {
                LOG.warn("refused an approval click without user, channel (or Home page) or actions");
                return Response.builder().statusCode(400).contentType("application/json")
                        .body("{\"error\":\"an approval click needs a user, a channel or the Home page, and actions\"}").build();
            }
            String user = p.getUser().getId();
            ChatThread thread = onHomePage ? SlackAppHome.home(user) : new ChatThread(SlackChatGateway.PLATFORM,
                    p.getChannel().getId(), Optional.ofNullable(threadOf(p)));
            List<ApprovalAction> votes = new ArrayList<>();
            for (BlockActionPayload.Action action : p.getActions()) {
                Decision decision = BlockKit.REJECT.equals(action.getActionId()) ? Decision.REJECT : Decision.APPROVE;
                Optional<ApprovalAction> vote = ApprovalAction.parse(decision, action.getValue());
                if (vote.isEmpty()) {
                    LOG.warn("ignoring an approval button with an unreadable value");
                    continue;
                }
                votes.add(vote.get());
            }
            Consumer<ChatMessage> answer = reply -> {
                if (onHomePage) {
                    home.publish(user, reply); // a Home page has no response URL: the answer tops the refreshed page
                } else {
                    responder.respond(p.getResponseUrl(), reply);
                }
            };
            executor.execute(() -> { // the duplicate check reads the database: never before the acknowledgement
                try {
                    if (!seen.firstSighting("slack:action:" + p.getTriggerId())) {
                        return;
                    }
                    for (ApprovalAction vote : votes) {
                        answer.accept(router.vote(vote, names.user(user,
                                Optional.ofNullable(p.getUser().getName()).orElse(p.getUser().getUsername())), thread,
                                CastVote.Source.BUTTON));
                    }
                } catch (DatabaseUnavailableException | AuditUnavailableException e) {
                    LOG.warn("approval click of {} not handled: {}", user, e.getMessage());
                    answer.accept(OutageAnswers.voteNotRecorded());
                }
            });
            return ctx.ack();
        };
    }

    private static String threadOf(BlockActionPayload p) {
        return p.getMessage() != null && p.getMessage().getThreadTs() != null
                ? p.getMessage().getThreadTs() : p.getContainer() == null ? null : p.getContainer().getMessageTs();
    }

    BoltEventHandler<ReactionAddedEvent> reactions() {
        return (EventsApiPayload<ReactionAddedEvent> payload, EventContext ctx) -> {
            ReactionAddedEvent event = payload.getEvent();
            Decision decision = REACTIONS.get(event.getReaction());
            if (decision == null || event.getItem() == null || !"message".equals(event.getItem().getType())
                    || event.getUser() == null || event.getUser().equals(ctx.getBotUserId())) { // opsbook marks its own requests
                return ctx.ack();
            }
            MessageRef message = new MessageRef(SlackChatGateway.PLATFORM, event.getItem().getChannel(), event.getItem().getTs());
            ChatThread thread = ChatThread.channel(SlackChatGateway.PLATFORM, message.channel());
            boolean onOurMessage = event.getItemUser() == null || event.getItemUser().equals(ctx.getBotUserId());
            executor.execute(() -> { // which request the message is, and the duplicate check, read the database
                ChatMessage reply;
                try {
                    Optional<ApprovalAction> request = approvals.find(message);
                    if (request.isEmpty() || !seen.firstSighting("slack:event:" + payload.getEventId())) {
                        return;
                    }
                    ApprovalAction vote = new ApprovalAction(decision, request.get().runId(), request.get().stepId());
                    reply = router.vote(vote, names.user(event.getUser(), null), thread, CastVote.Source.REACTION);
                } catch (DatabaseUnavailableException | AuditUnavailableException e) {
                    LOG.warn("reaction :{}: of {} not handled: {}", event.getReaction(), event.getUser(), e.getMessage());
                    if (!onOurMessage) {
                        return; // not on one of opsbook's messages: not a vote
                    }
                    reply = OutageAnswers.voteNotRecorded();
                }
                ChatMessage told = reply;
                try {
                    ctx.client().chatPostEphemeral(r -> r.channel(message.channel()).user(event.getUser())
                            .text(BlockKit.fallback(told)).blocks(BlockKit.render(told)));
                } catch (Exception e) {
                    LOG.warn("could not tell {} how their reaction vote went: {}", event.getUser(), e.toString());
                }
            });
            return ctx.ack();
        };
    }
}
