package dev.opsbook.server;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.schedule.ClusteredScheduler;
import dev.opsbook.schedule.ReviewedRunbooks;
import dev.opsbook.schedule.ScheduleReconciler;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The clustered scheduler of runbook schedules and the backup integrity job. Created after the engine and
 * the chat operations it starts runs through, so it is destroyed before them; it starts firing right after the
 * server is ready (after reconciling with the runbook directory, {@link AfterReadiness}) and stops first on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScheduleProperties.class)
@ConditionalOnProperty(name = "opsbook.schedules.enabled", havingValue = "true", matchIfMissing = true)
public class SchedulerConfiguration {
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

    /**
     * Reconciles and starts firing after readiness ({@link AfterReadiness}); runbook reloads (web/reload) re-reconcile the
     * schedules.
     */
    @Bean
    ReloadedSchedules reloadedSchedules(ClusteredScheduler scheduler, ChatProperties chat, AfterReadiness afterReadiness) {
        ReloadedSchedules schedules = new ReloadedSchedules(scheduler, chat.runbooks().toAbsolutePath().normalize());
        afterReadiness.add("schedules", schedules::start);
        return schedules;
    }

    /** Stops firing first on shutdown (the start itself runs after readiness). */
    @Bean
    SmartLifecycle schedulerLifecycle(ReloadedSchedules schedules) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                schedules.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
