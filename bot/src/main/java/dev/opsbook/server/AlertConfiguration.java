package dev.opsbook.server;

import dev.opsbook.alert.AlertHookToken;
import dev.opsbook.alert.AlertIntake;
import dev.opsbook.alert.AlertmanagerHook;
import dev.opsbook.alert.CardDeliveries;
import dev.opsbook.alert.IncidentBoard;
import dev.opsbook.alert.IncidentButtons;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.IdentityDirectory;
import dev.opsbook.alert.IncidentCard;
import dev.opsbook.audit.Actor;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.chatops.ScheduledStarts;
import dev.opsbook.engine.Engine;
import dev.opsbook.schedule.ReviewedRunbooks;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Alert intake: the incident board, the incident cards kept up to date in chat (pumped every 500 ms on the chat
 * scheduler, so a chat outage delays cards instead of losing them) and the intake behind {@code POST /hooks/alertmanager}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
public class AlertConfiguration {

    @Bean
    AlertHookToken alertHookToken(AlertProperties settings) {
        return new AlertHookToken(settings.token());
    }

    @Bean
    AlertmanagerHook alertmanagerHook(AlertIntake intake, AlertHookToken token) {
        return new AlertmanagerHook(intake, token);
    }

    @Bean
    IncidentBoard incidentBoard(Clock clock) {
        return new IncidentBoard(clock);
    }

    @Bean
    CardDeliveries cardDeliveries(ChatGateway chatGateway, Clock clock, IncidentBoard board, AlertProperties settings,
                                  @Qualifier("chatScheduler") ScheduledExecutorService scheduler) {
        CardDeliveries cards = new CardDeliveries(chatGateway, clock,
                id -> board.find(id).map(incident -> IncidentCard.render(incident, settings.siteUrl())));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                cards.pump();
                board.forget(clock.instant().minus(Duration.ofDays(7)));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CardDeliveries.class).error("incident card pump failed", e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        return cards;
    }

    @Bean
    IncidentButtons incidentButtons(IncidentBoard board, CardDeliveries cards, CommandRouter router,
                                    IdentityDirectory identities, Engine engine) {
        return new IncidentButtons(board, cards, router, identities, engine.audit());
    }

    @Bean
    AlertIntake alertIntake(IncidentBoard board, CardDeliveries cards, Engine engine, ChatProperties chat,
                            Announcements announcements, EngineRunbookOperations operations,
                            @Qualifier("chatExecutor") ExecutorService work) {
        ScheduledStarts starts = operations.scheduledStarts();
        return new AlertIntake(board, cards, engine.audit(), () -> ReviewedRunbooks.in(chat.runbooks()),
                announcements.channels(), (runbook, procedure, thread) -> starts.start(runbook, procedure, thread, Actor.ALERTMANAGER),
                work);
    }
}
