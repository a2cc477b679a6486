package dev.opsbook.server;

import dev.opsbook.alert.AlertHookToken;
import dev.opsbook.alert.AlertIntake;
import dev.opsbook.alert.AlertmanagerHook;
import dev.opsbook.alert.CardDeliveries;
import dev.opsbook.alert.Incidents;
import dev.opsbook.jdbc.JdbcCardRefs;
import dev.opsbook.jdbc.JdbcIncidents;
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
 * Alert intake: the incidents (in PostgreSQL, shared by the replicas), the incident cards kept up to date in chat (pumped every 500 ms on the chat
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
    JdbcIncidents incidents(Engine engine, Clock clock, ChatProperties chat) {
        return new JdbcIncidents(engine.database().dataSource(), clock, () -> ReviewedRunbooks.in(chat.runbooks()));
    }

    @Bean
    CardDeliveries cardDeliveries(ChatGateway chatGateway, Clock clock, Incidents board, AlertProperties settings, Engine engine,
                                  @Qualifier("chatScheduler") ScheduledExecutorService scheduler) {
        CardDeliveries cards = new CardDeliveries(chatGateway, clock,
                id -> board.find(id).map(incident -> IncidentCard.render(incident, settings.siteUrl())),
                new JdbcCardRefs(engine.database().dataSource(), clock));
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                cards.pump();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CardDeliveries.class).error("incident card pump failed", e);
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                board.forget(clock.instant().minus(Duration.ofDays(7)));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(CardDeliveries.class).warn("could not retire old incidents: {}", e.getMessage());
            }
        }, 1, 60, TimeUnit.SECONDS);
        return cards;
    }

    @Bean
    IncidentButtons incidentButtons(Incidents board, CardDeliveries cards, CommandRouter router,
                                    IdentityDirectory identities, Engine engine) {
        return new IncidentButtons(board, cards, router, identities, engine.audit());
    }

    @Bean
    AlertIntake alertIntake(Incidents board, CardDeliveries cards, Engine engine, ChatProperties chat,
                            Announcements announcements, EngineRunbookOperations operations,
                            @Qualifier("chatExecutor") ExecutorService work) {
        ScheduledStarts starts = operations.scheduledStarts();
        return new AlertIntake(board, cards, engine.audit(), () -> ReviewedRunbooks.in(chat.runbooks()),
                announcements.channels(), (runbook, procedure, thread) -> starts.start(runbook, procedure, thread, Actor.ALERTMANAGER),
                work);
    }
}
