package dev.opsbook.server;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.chatops.RunThreads;
import dev.opsbook.engine.CheckpointSchedule;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.jdbc.Database;
import dev.opsbook.people.ConfiguredPeople;
import dev.opsbook.people.HomeDirectory;
import dev.opsbook.people.ObservedGroups;
import dev.opsbook.people.PeopleDirectory;
import dev.opsbook.people.PlatformGroups;
import dev.opsbook.web.WebProperties;
import java.util.List;
import dev.opsbook.execution.Run;
import dev.opsbook.watchdog.FailoverWatchdog;
import dev.opsbook.jdbc.JdbcPeople;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The execution engine behind chat: database, audit log, stores and locks (recovering runs a dead
 * process left behind at start), run threads, and the {@link RunbookOperations} chat calls.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EngineProperties.class)
public class EngineConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

    /**
     * The engine's database, opened first because the people directory reads it too; the engine closes it. Under
     * {@code opsbook serve} it was opened early, on its own thread, while the context was built ({@link EarlyDatabase}).
     */
    @Bean(destroyMethod = "")
    Database opsbookDatabase(EngineProperties settings, ObjectProvider<EarlyDatabase> early) {
        EarlyDatabase opened = early.getIfAvailable();
        return (opened == null ? Optional.<Database>empty() : opened.take(settings.database()))
                .orElseGet(() -> Database.open(settings.database()));
    }

    /** Start-up duties run after readiness: the failover controllers' first read, the schedules' reconcile and start. */
    @Bean
    AfterReadiness afterReadiness() {
        return new AfterReadiness();
    }

    /** Discord roles as members bring them along on their interactions. */
    @Bean
    ObservedGroups discordRoles() {
        return new ObservedGroups("discord");
    }

    /** The groups an identity provider's token lists at sign-in (OIDC groups claim). */
    @Bean
    ObservedGroups webSignInGroups() {
        return new ObservedGroups("web");
    }

    /** How long a server keeps the database part of the people directory ({@link JdbcPeople}). */
    static final Duration PEOPLE_FROM_THE_DATABASE_MAX_AGE = Duration.ofSeconds(1);

    /**
     * The one directory of people and groups (docs/web.md): people.yaml and groups.properties under the home, the
     * database, the legacy server properties, and the platforms' groups (Slack user groups, Discord roles, OIDC).
     */
    @Bean
    PeopleDirectory peopleDirectory(EngineProperties settings, ChatProperties chat, WebProperties web, Database opsbookDatabase,
                                    List<PlatformGroups> platforms, Clock clock) {
        Map<String, List<String>> webGroups = new HashMap<>();
        web.users().forEach((name, user) -> {
            if (!user.groups().isEmpty()) {
                webGroups.put(name, user.groups());
            }
        });
        ConfiguredPeople configured = new ConfiguredPeople(chat.users(), chat.groups(), webGroups);
        PeopleDirectory people = HomeDirectory.open(settings.home(),
                new JdbcPeople(opsbookDatabase.dataSource(), clock, PEOPLE_FROM_THE_DATABASE_MAX_AGE),
                configured.isEmpty() ? List.of() : List.of(configured), platforms);
        if (!configured.isEmpty()) {
            LOG.warn("people and groups from opsbook.chat.users, opsbook.chat.groups or opsbook.web.users.*.groups are read"
                    + " for compatibility, but `opsbook run` and `opsbook approve` do not see them: move them to {}",
                    settings.home().resolve(HomeDirectory.PEOPLE_FILE));
        }
        if (java.nio.file.Files.isRegularFile(settings.home().resolve(HomeDirectory.LEGACY_GROUPS_FILE))) {
            LOG.info("reading {} as part of the people directory; {} is where people and groups are documented (docs/web.md)",
                    settings.home().resolve(HomeDirectory.LEGACY_GROUPS_FILE), HomeDirectory.PEOPLE_FILE);
        }
        try {
            people.everyone();
        } catch (IllegalArgumentException badFile) {
            LOG.error("people directory: {} — nobody gets groups from that file until it is fixed (it is re-read when it"
                    + " changes)", badFile.getMessage());
        }
        return people;
    }

    @Bean(destroyMethod = "close")
    Engine engine(EngineProperties settings, Database opsbookDatabase, PeopleDirectory directory, Clock clock,
                  ConfigurableEnvironment environment) {
        Map<String, String> processEnvironment = new HashMap<>();
        environment.getSystemEnvironment().forEach((k, v) -> processEnvironment.put(k, String.valueOf(v)));
        Engine engine;
        try {
            engine = Engine.open(opsbookDatabase, new EngineSettings(settings.database(), settings.home(), directory,
                    settings.secrets(processEnvironment), settings.runners(), processEnvironment,
                    (person, message) -> LOG.warn("escalation for {}: {}", person.id(), message)), clock);
        } catch (RuntimeException e) {
            opsbookDatabase.close();
            throw e;
        }
        LOG.info("execution engine on {}", engine.database().description());
        try {
            for (Run run : engine.recover()) {
                LOG.warn("run {} of {} was left unfinished by a process that is gone; marked interrupted (resume it with"
                        + " /runbook resume {})", run.id(), run.runbook().id(), run.id());
            }
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    /** Signed checkpoints of the audit chain on a schedule ({@code OPSBOOK_AUDIT_CHECKPOINT_INTERVAL}, default 5m), mirrored to chat. */
    @Bean(destroyMethod = "close")
    CheckpointSchedule checkpointSchedule(Engine engine, Announcements announcements, ConfigurableEnvironment environment) {
        Duration interval = dev.opsbook.runbook.Durations.parse(
                environment.getProperty("OPSBOOK_AUDIT_CHECKPOINT_INTERVAL", "5m")).orElse(Duration.ofMinutes(5));
        return new CheckpointSchedule(engine.audit(), announcements, java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("opsbook-audit-checkpoints").daemon(true).factory()), interval);
    }

    /** Closed before the engine: running runs are interrupted and recorded while the audit log is still open. */
    @Bean(destroyMethod = "close")
    RunThreads runThreads(Engine engine) {
        return new RunThreads(Duration.ofSeconds(30), engine.ports().shutdown());
    }

    @Bean
    EngineRunbookOperations runbookOperations(Engine engine, ChatProperties chat, PeopleDirectory directory, RunThreadMirror mirror,
                                              ChatGateway chatGateway, RunThreads runThreads, Announcements announcements,
                                              ObjectProvider<FailoverWatchdog> failovers) {
        return new EngineRunbookOperations(engine, chat.runbooks(), directory, mirror, chatGateway, runThreads,
                Duration.ofSeconds(10), announcements, Optional.ofNullable(failovers.getIfAvailable()),
                new dev.opsbook.chatops.ChatContacts(directory::everyone));
    }
}
