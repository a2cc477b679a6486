package dev.opsbook.server;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.schedule.ClusteredScheduler;
import dev.opsbook.schedule.ReviewedRunbooks;
import dev.opsbook.schedule.ScheduleReconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clustered scheduler of runbook schedules and the backup integrity job. Created after the engine and
 * the chat operations it starts runs through, so it is destroyed before them; it starts firing once the
 * server is up (after reconciling with the runbook directory) and stops first on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScheduleProperties.class)
@ConditionalOnProperty(name = "opsbook.schedules.enabled", havingValue = "true", matchIfMissing = true)
public class SchedulerConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerConfiguration.class);

    @Bean(destroyMethod = "close")
    ClusteredScheduler clusteredScheduler(Engine engine, EngineRunbookOperations operations, Announcements announcements,
                                          ScheduleProperties settings, ChatProperties chat) {
        Path runbooks = chat.runbooks().toAbsolutePath().normalize();
        return ClusteredScheduler.create(engine, operations.scheduledStarts(), operations, announcements, settings.settings(),
                () -> ReviewedRunbooks.in(runbooks));
    }

    /** What a runbook reload calls ({@code reconcile(runbooks, commit)}); absent when schedules are switched off. */
    @Bean
    ScheduleReconciler scheduleReconciler(ClusteredScheduler scheduler) {
        return scheduler.reconciler();
    }

    /** Runbook reloads (web/reload) re-reconcile the schedules. */
    @Bean
    ReloadedSchedules reloadedSchedules(ScheduleReconciler reconciler, ChatProperties chat) {
        return new ReloadedSchedules(reconciler, chat.runbooks().toAbsolutePath().normalize());
    }

    @Bean
    SmartLifecycle schedulerLifecycle(ClusteredScheduler scheduler, ChatProperties chat) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                Path runbooks = chat.runbooks().toAbsolutePath().normalize();
                if (Files.isDirectory(runbooks)) {
                    scheduler.start(ReviewedRunbooks.in(runbooks), GitCommit.of(runbooks));
                } else {
                    // a replica with a wrong OPSBOOK_RUNBOOKS must not wipe the schedules the others reconciled
                    LOG.warn("no runbook directory at {}: schedules are not reconciled here (set OPSBOOK_RUNBOOKS);"
                            + " this node fires the schedules the cluster already holds", runbooks);
                    scheduler.start();
                }
                running = true;
            }

            @Override
            public void stop() {
                scheduler.close();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
