package dev.opsbook.server;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chatops.ChatDirectory;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.chatops.RunThreads;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.execution.Run;
import dev.opsbook.watchdog.FailoverWatchdog;
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
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The execution engine behind chat: database, audit log, stores and locks (recovering runs a dead
 * process left behind at start), run threads, and the {@link RunbookOperations} chat calls.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EngineProperties.class)
public class EngineConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    ChatDirectory chatDirectory(ChatProperties chat) {
        return new ChatDirectory(chat.groups());
    }

    @Bean(destroyMethod = "close")
    Engine engine(EngineProperties settings, ChatDirectory directory, Clock clock, ConfigurableEnvironment environment) {
        Map<String, String> processEnvironment = new HashMap<>();
        environment.getSystemEnvironment().forEach((k, v) -> processEnvironment.put(k, String.valueOf(v)));
        Engine engine = Engine.open(new EngineSettings(settings.database(), settings.home(), directory,
                settings.secrets(processEnvironment), settings.runners(), processEnvironment,
                (person, message) -> LOG.warn("escalation for {}: {}", person.id(), message)), clock);
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

    /** Closed before the engine: running runs are cancelled and recorded while the audit log is still open. */
    @Bean(destroyMethod = "close")
    @DependsOn("engine")
    RunThreads runThreads() {
        return new RunThreads(Duration.ofSeconds(30));
    }

    @Bean
    EngineRunbookOperations runbookOperations(Engine engine, ChatProperties chat, ChatDirectory directory, RunThreadMirror mirror,
                                              ChatGateway chatGateway, RunThreads runThreads, Announcements announcements,
                                              ObjectProvider<FailoverWatchdog> failovers) {
        return new EngineRunbookOperations(engine, chat.runbooks(), directory, mirror, chatGateway, runThreads,
                Duration.ofSeconds(10), announcements, Optional.ofNullable(failovers.getIfAvailable()),
                new dev.opsbook.chatops.ChatContacts(chat.platformKeys(), chat.groups()));
    }
}
