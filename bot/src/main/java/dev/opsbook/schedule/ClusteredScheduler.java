package dev.opsbook.schedule;

import dev.opsbook.audit.AuditLog;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chatops.ScheduledStarts;
import dev.opsbook.engine.Engine;
import java.time.Clock;
import dev.opsbook.runbook.Runbook;
import java.util.Collection;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz with its JDBC job store ({@code qrtz_} tables, migration V4) in opsbook's PostgreSQL, clustered:
 * every {@code opsbook serve} on the same database is a node (instance id AUTO), and each trigger fires on
 * exactly one of them. Quartz takes connections from opsbook's pool. Holds the runbook schedules
 * ({@link ScheduleReconciler}) and the backup integrity job. {@link #close} waits for running jobs (they
 * only hand work to run threads) and must come before the engine closes.
 */
public final class ClusteredScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusteredScheduler.class);
    /** Quartz's scheduler name: the same on every node of the cluster. */
    static final String NAME = "opsbook";
    /** Jobs of opsbook itself (not of a runbook); no runbook id can be this. */
    static final String INTERNAL_GROUP = "_opsbook";
    private static final JobKey INTEGRITY = JobKey.jobKey("backup-integrity", INTERNAL_GROUP);
    private static final JobKey RETENTION = JobKey.jobKey("backup-retention", INTERNAL_GROUP);

    private final Scheduler quartz;
    private final ScheduleReconciler reconciler;
    private final SchedulerSettings settings;
    private final ExecutorService lateFires;

    private ClusteredScheduler(Scheduler quartz, ScheduleReconciler reconciler, SchedulerSettings settings,
                               ExecutorService lateFires) {
        this.quartz = quartz;
        this.reconciler = reconciler;
        this.settings = settings;
        this.lateFires = lateFires;
    }

    /**
     * Creates the (not yet started) node on {@code engine}'s database: scheduled runs start through {@code starts},
     * scheduled drills through {@code operations}, misfires and incidents go to {@code announcements}, and the
     * retention job reads the retention of the (reviewed) {@code runbooks}.
     */
    public static ClusteredScheduler create(Engine engine, ScheduledStarts starts, RunbookOperations operations,
                                            Announcements announcements, SchedulerSettings settings,
                                            Supplier<Collection<Runbook>> runbooks) {
        DataSource dataSource = engine.database().dataSource();
        AuditLog audit = engine.audit();
        Clock clock = engine.ports().clock();
        ScheduleFirings firings = new ScheduleFirings(new FireClaims(dataSource), starts, operations, announcements, audit,
                clock);
        IntegrityRuns integrity = new IntegrityRuns(engine.catalog(), audit, announcements, clock);
        RetentionRuns retention = new RetentionRuns(engine.catalog(), audit, announcements, clock, runbooks);
        String connections = "opsbook-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(connections, new QuartzConnections(dataSource));
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, NAME);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
        p.setProperty("org.quartz.scheduler.threadName", "opsbook-scheduler");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threads()));
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", connections);
        p.setProperty("org.quartz.jobStore.tablePrefix", "qrtz_");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", Long.toString(settings.checkin().toMillis()));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(settings.misfireThreshold().toMillis()));
        ExecutorService lateFires = java.util.concurrent.Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("opsbook-late-fires").daemon(true).factory());
        try {
            Scheduler quartz = new StdSchedulerFactory(p).getScheduler();
            // one JVM may hold several nodes (tests, one per database); Quartz's by-name registry would hand out the first
            SchedulerRepository.getInstance().remove(NAME);
            quartz.setJobFactory(jobFactory(firings, integrity, retention));
            quartz.getListenerManager().addTriggerListener(new MisfireReports(settings.misfire(), firings,
                    announcements, audit, clock, lateFires));
            return new ClusteredScheduler(quartz, new ScheduleReconciler(quartz, dataSource, audit), settings, lateFires);
        } catch (SchedulerException e) {
            lateFires.shutdownNow();
            throw new IllegalStateException("cannot create the scheduler: " + e.getMessage(), e);
        }
    }

    private static JobFactory jobFactory(ScheduleFirings firings, IntegrityRuns integrity, RetentionRuns retention) {
        return (bundle, scheduler) -> {
            Class<? extends Job> type = bundle.getJobDetail().getJobClass();
            if (type == ScheduleJob.class) {
                return new ScheduleJob(firings);
            }
            if (type == IntegrityJob.class) {
                return new IntegrityJob(integrity);
            }
            if (type == RetentionJob.class) {
                return new RetentionJob(retention);
            }
            throw new SchedulerException("opsbook does not know job class " + type.getName() + " (" + bundle.getJobDetail().getKey()
                    + "); delete it from the qrtz_ tables");
        };
    }

    /** Reconciles with {@code runbooks}, schedules the backup jobs and starts firing. */
    public void start(Collection<Runbook> runbooks, String commit) {
        reconciler.reconcile(runbooks, commit);
        start();
    }

    /** Starts firing the schedules the cluster already holds, without reconciling (no runbooks to read here). */
    public void start() {
        try {
            scheduleBackupJob(INTEGRITY, IntegrityJob.class, settings.integrityCron(), "re-hash every catalogued backup",
                    "OPSBOOK_INTEGRITY_CRON");
            scheduleBackupJob(RETENTION, RetentionJob.class, settings.retentionCron(),
                    "prune catalogued backups by the runbooks' retention", "OPSBOOK_RETENTION_CRON");
            quartz.start();
            LOG.info("scheduler node {} started (clustered on the opsbook database)", quartz.getSchedulerInstanceId());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
        }
    }

    /** What reloads call with the new runbooks. */
    public ScheduleReconciler reconciler() {
        return reconciler;
    }

    Scheduler quartz() {
        return quartz;
    }

    private void scheduleBackupJob(JobKey job, Class<? extends Job> type, java.util.Optional<String> cronSetting,
                                   String description, String variable) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job.getName(), job.getGroup());
        if (cronSetting.isEmpty()) {
            quartz.deleteJob(job);
            return;
        }
        String cron = cronSetting.get();
        String zone = settings.backupJobsTimeZone();
        if (quartz.getTrigger(key) instanceof CronTrigger existing && existing.getCronExpression().equals(cron)
                && existing.getTimeZone().getID().equals(zone)) {
            return;
        }
        CronScheduleBuilder schedule;
        try {
            schedule = CronScheduleBuilder.cronScheduleNonvalidatedExpression(cron);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("`" + cron + "` (" + variable + ") is not a Quartz cron expression: "
                    + e.getMessage(), e);
        }
        quartz.scheduleJob(JobBuilder.newJob(type).withIdentity(job).storeDurably().withDescription(description).build(),
                Set.of(TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
                        .withSchedule(schedule.inTimeZone(TimeZone.getTimeZone(zone))
                                .withMisfireHandlingInstructionFireAndProceed()).build()), true);
        LOG.info("{} scheduled: `{}` {}", job.getName(), cron, zone);
    }

    /**
     * Stops firing and waits up to 30 s for fires in progress (they only hand runs to run threads). Quartz
     * retries database work forever, so with the database gone its shutdown would never end: after the wait,
     * shutdown goes on without it (Quartz's threads are daemons).
     */
    @Override
    public void close() {
        Thread stop = Thread.ofPlatform().name("opsbook-scheduler-stop").daemon(true).start(() -> {
            try {
                quartz.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warn("scheduler did not shut down cleanly: {}", e.getMessage());
            }
        });
        try {
            if (!stop.join(java.time.Duration.ofSeconds(30))) {
                LOG.warn("the scheduler did not stop within 30 s (is the database reachable?); shutting down without it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lateFires.shutdown();
        try {
            lateFires.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
