package dev.opsbook.server;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chatops.RunThreads;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.watchdog.FailoverWatchdog;
import dev.opsbook.watchdog.FailoverWatchdogs;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The failover controllers ({@code opsbook.failover.enabled}, default true): one per service whose
 * runbook has a {@code failover:} block, looping on their own scheduler thread, following runbook reloads. The
 * runbooks are first read right after readiness ({@link AfterReadiness}), not while the server starts.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "opsbook.failover.enabled", havingValue = "true", matchIfMissing = true)
public class FailoverConfiguration {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService failoverScheduler() {
        return new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("opsbook-failover").daemon(true).factory());
    }

    @Bean(destroyMethod = "close")
    FailoverWatchdog failoverWatchdog(Engine engine, ChatProperties chat, RunThreadMirror mirror, RunThreads runThreads,
                                      Announcements announcements, MeterRegistry registry, Clock clock,
                                      @Qualifier("failoverScheduler") ScheduledExecutorService scheduler,
                                      ConfigurableEnvironment environment) {
        Map<String, String> processEnvironment = new HashMap<>();
        environment.getSystemEnvironment().forEach((k, v) -> processEnvironment.put(k, String.valueOf(v)));
        FailoverWatchdog watchdog = FailoverWatchdogs.create(engine, mirror, runThreads, announcements, registry, clock,
                Sleeper.REAL, processEnvironment);
        watchdog.start(scheduler);
        return watchdog;
    }

    /** The first controllers after readiness ({@link AfterReadiness}); runbook reloads (web/reload) start, stop and restart them. */
    @Bean
    ReloadedFailovers reloadedFailovers(FailoverWatchdog watchdog, ChatProperties chat, AfterReadiness afterReadiness) {
        ReloadedFailovers failovers = new ReloadedFailovers(watchdog, chat.runbooks().toAbsolutePath().normalize());
        afterReadiness.add("failover controllers", failovers::start);
        return failovers;
    }
}
