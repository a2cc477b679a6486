package dev.opsbook.schedule;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.runbook.Runbook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the scheduler's triggers match the runbooks' {@code schedules:}: adds new ones, removes those the
 * runbooks dropped, replaces those whose cron or time zone changed ({@link ScheduleChanges}), and audits
 * {@code schedule.reconciled} when anything changed. Called at server start and after every runbook reload.
 * Replicas reconcile one at a time (a PostgreSQL advisory lock), so a change is applied and audited once.
 * A schedule Quartz cannot parse keeps whatever trigger it had until the runbook is fixed.
 */
public final class ScheduleReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleReconciler.class);
    private static final long LOCK_KEY = 0x6f70_0010L;

    private final Scheduler quartz;
    private final DataSource dataSource;
    private final AuditLog audit;

    ScheduleReconciler(Scheduler quartz, DataSource dataSource, AuditLog audit) {
        this.quartz = quartz;
        this.dataSource = dataSource;
        this.audit = audit;
    }

    /**
     * Reconciles with {@code runbooks} (the reviewed runbooks: pass only those without lint errors) read at
     * git {@code commit} ("" outside git); returns what changed.
     */
    public synchronized ScheduleChanges reconcile(Collection<Runbook> runbooks, String commit) {
        WantedSchedules wanted = WantedSchedules.of(runbooks);
        wanted.problems().forEach(p -> LOG.warn("not scheduled: {}", p));
        try (Connection lock = dataSource.getConnection()) {
            advisory(lock, "pg_advisory_lock");
            try {
                List<ScheduledJob> existing = existing();
                List<ScheduledJob> valid = new ArrayList<>();
                for (ScheduledJob job : wanted.jobs()) {
                    if (CronExpression.isValidExpression(job.cron())) {
                        valid.add(job);
                    } else {
                        LOG.warn("not scheduled: {}: Quartz does not accept cron `{}` (opsbook lint explains)", job.key(), job.cron());
                        existing.removeIf(e -> e.key().equals(job.key()));
                    }
                }
                ScheduleChanges changes = ScheduleChanges.between(valid, existing);
                apply(changes);
                if (!changes.isEmpty()) {
                    audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.SCHEDULE_RECONCILED, Optional.empty(),
                            Optional.empty(), Optional.empty(), Map.of(), "changed", Optional.empty(), Optional.empty(),
                            Map.of("added", ScheduleChanges.keys(changes.added()), "removed", ScheduleChanges.keys(changes.removed()),
                                    "changed", ScheduleChanges.keys(changes.changed()), "commit", commit == null ? "" : commit)));
                    LOG.info("schedules reconciled at commit {}: added [{}], removed [{}], changed [{}]", commit,
                            ScheduleChanges.keys(changes.added()), ScheduleChanges.keys(changes.removed()),
                            ScheduleChanges.keys(changes.changed()));
                }
                return changes;
            } finally {
                advisory(lock, "pg_advisory_unlock");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reconcile schedules: " + e.getMessage(), e);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot reconcile schedules: the scheduler failed: " + e.getMessage(), e);
        }
    }

    /** The runbook schedules Quartz holds now (the internal group aside). */
    List<ScheduledJob> existing() throws SchedulerException {
        List<ScheduledJob> jobs = new ArrayList<>();
        for (String group : quartz.getJobGroupNames()) {
            if (group.equals(ClusteredScheduler.INTERNAL_GROUP)) {
                continue;
            }
            for (JobKey key : quartz.getJobKeys(GroupMatcher.jobGroupEquals(group))) {
                JobDetail detail = quartz.getJobDetail(key);
                Trigger trigger = quartz.getTrigger(TriggerKey.triggerKey(key.getName(), key.getGroup()));
                if (detail != null && trigger instanceof CronTrigger cron) {
                    jobs.add(QuartzJobs.read(detail, cron));
                } else if (detail != null) {
                    quartz.deleteJob(key); // a job without its trigger is left from a crash: recreated below if wanted
                }
            }
        }
        return jobs;
    }

    private void apply(ScheduleChanges changes) throws SchedulerException {
        for (ScheduledJob job : changes.removed()) {
            quartz.deleteJob(QuartzJobs.jobKey(job));
        }
        for (ScheduledJob job : changes.added()) {
            quartz.scheduleJob(QuartzJobs.detail(job), Set.of(QuartzJobs.trigger(job)), true);
        }
        for (ScheduledJob job : changes.changed()) {
            quartz.scheduleJob(QuartzJobs.detail(job), Set.of(QuartzJobs.trigger(job)), true);
        }
    }

    private static void advisory(Connection c, String function) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?)")) {
            ps.setLong(1, LOCK_KEY);
            ps.execute();
        }
    }
}
