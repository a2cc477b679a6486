package dev.opsbook.slack;

import dev.opsbook.alert.IncidentButtons;
import java.util.Optional;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.HomePage;
import dev.opsbook.chat.SeenDeliveries;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/** Builds the Bolt app with opsbook's handlers: {@code /runbook}, approval buttons, reaction votes, forms, the App Home. */
final class SlackBolt {
    private SlackBolt() {}

    /**
     * Bolt's own signature check is off: {@link SlackEventsEndpoint} verifies every HTTP request
     * before Bolt sees it, and Socket Mode deliveries are not signed. Bolt's self-event filter is off
     * too: it asks {@code bots.info} about every bot message while Slack waits for the acknowledgement,
     * and fails the delivery when that bot is unknown; the handlers skip opsbook's own events themselves.
     * {@link SlackUnhandled} acknowledges everything no handler takes. The {@code auth.test} answer Bolt asks
     * for when the app is built is kept for good: otherwise Bolt asks again, while Slack waits, on every request
     * of a burst until one answer is back, and again every ten minutes. It names the bot and its workspace,
     * which do not change for a token; a revoked token shows in the Web API calls themselves.
     */
    static App app(Slack slack, String botToken, CommandRouter router, SeenDeliveries seen,
                   ApprovalMessageIndex approvals, Executor executor, SlackDisplayNames names) {
        return app(slack, botToken, router, seen, approvals, executor, names, Optional.empty());
    }

    /** {@code incidents}: what run commands typed in an incident card's thread do. */
    static App app(Slack slack, String botToken, CommandRouter router, SeenDeliveries seen,
                   ApprovalMessageIndex approvals, Executor executor, SlackDisplayNames names, Optional<IncidentButtons> incidents) {
        App app = new App(AppConfig.builder().slack(slack).singleTeamBotToken(botToken)
                .requestVerificationEnabled(false).ignoringSelfEventsEnabled(false)
                .authTestCacheEnabled(true).authTestCacheExpirationMillis(-1).build());
        app.use(new SlackUnhandled());
        SlackResponder responder = new SlackResponder(slack.getConfig());
        app.command("/runbook", new SlackCommands(router, seen, executor, responder, names));
        SlackAppHome home = new SlackAppHome(router, seen, executor, names, slack.methods(botToken));
        app.event(AppHomeOpenedEvent.class, home.opened());
        app.blockAction(HomePage.CANCEL, home.cancels());
        SlackApprovals votes = new SlackApprovals(router, approvals, seen, executor, responder, names, home);
        app.blockAction(Pattern.compile(Pattern.quote(BlockKit.APPROVE) + "|" + Pattern.quote(BlockKit.REJECT)), votes.buttons());
        app.event(ReactionAddedEvent.class, votes.reactions());
        SlackForms forms = new SlackForms(router, seen, executor, responder, names);
        app.blockAction(SlackForms.OPEN, forms.buttons());
        app.viewSubmission(SlackModals.CALLBACK, forms.submissions());
        app.event(MessageEvent.class, new SlackThreadLessons(router, seen, executor, names, incidents).messages());
        return app;
    }
}
