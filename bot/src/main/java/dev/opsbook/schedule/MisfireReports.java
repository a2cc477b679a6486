package dev.opsbook.schedule;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.quartz.CronTrigger;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.quartz.TriggerListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies opsbook's {@link MisfirePolicy} when Quartz finds a runbook trigger whose fire time passed while no
 * opsbook process could fire it (triggers are stored with "do nothing": Quartz then just moves them to their
 * next fire time). Called once per misfired trigger by whichever cluster node notices it, under Quartz's
 * trigger lock: audits {@code schedule.misfired}, announces it, and for a fresh enough miss hands one late
 * fire to {@code lateFires} (never blocks Quartz on a run).
 */
final class MisfireReports implements TriggerListener {
    private static final Logger LOG = LoggerFactory.getLogger(MisfireReports.class);
    private static final int MAX_COUNTED = 10_000;

    private final MisfirePolicy policy;
    private final ScheduleFirings firings;
    private final Announcements announcements;
    private final AuditLog audit;
    private final Clock clock;
    private final Executor lateFires;

    MisfireReports(MisfirePolicy policy, ScheduleFirings firings, Announcements announcements, AuditLog audit, Clock clock,
                   Executor lateFires) {
        this.policy = policy;
        this.firings = firings;
        this.announcements = announcements;
        this.audit = audit;
        this.clock = clock;
        this.lateFires = lateFires;
    }

    @Override
    public String getName() {
        return "opsbook-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
        if (!(trigger instanceof CronTrigger cron) || ClusteredScheduler.INTERNAL_GROUP.equals(trigger.getKey().getGroup())
                || trigger.getNextFireTime() == null) {
            return;
        }
        try {
            report(QuartzJobs.read(trigger.getJobDataMap(), cron), cron);
        } catch (RuntimeException e) {
            LOG.error("could not report the misfire of {}", trigger.getKey(), e);
        }
    }

    private void report(ScheduledJob job, CronTrigger trigger) {
        Instant now = clock.instant();
        Instant first = trigger.getNextFireTime().toInstant();
        Instant latest = first;
        int missed = 1;
        for (Date d = trigger.getFireTimeAfter(Date.from(first)); d != null && !d.toInstant().isAfter(now)
                && missed < MAX_COUNTED; d = trigger.getFireTimeAfter(d)) {
            latest = d.toInstant();
            missed++;
        }
        MisfirePolicy.Outcome outcome = policy.decide(latest, now);
        audit.append(new AuditEvent(Actor.SCHEDULER, AuditActions.SCHEDULE_MISFIRED, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), outcome.result(), Optional.empty(), Optional.empty(), Map.of(
                        "schedule", job.key(), "scheduled_for", latest.toString(), "first_missed", first.toString(),
                        "missed", Integer.toString(missed), "policy", policy.describe(), "cron", job.cron(),
                        "time_zone", job.timeZone(), "target", job.target())));
        String when = latest + (missed > 1 ? " (" + missed + " fire times missed since " + first + ")" : "");
        announcements.announce(ChatMessage.builder("Schedule `" + job.key() + "` missed its fire time " + when
                        + ": no opsbook process was running to fire it. "
                        + (outcome == MisfirePolicy.Outcome.FIRED_LATE ? "Running it once now, late."
                        : "Skipped; it runs again at its next fire time."))
                .status(outcome == MisfirePolicy.Outcome.FIRED_LATE ? ChatStatus.RUNNING : ChatStatus.SKIPPED)
                .field("Runbook", "`" + job.runbookId() + "` → " + job.target())
                .field("Schedule", "`" + job.cron() + "` " + job.timeZone())
                .field("Policy", policy.describe())
                .build());
        LOG.warn("schedule {} misfired ({} missed, latest {}): {}", job.key(), missed, latest, outcome.result());
        if (outcome == MisfirePolicy.Outcome.FIRED_LATE) {
            Instant due = latest;
            lateFires.execute(() -> firings.fire(job, due, "misfire:" + job.key() + "@" + due, true));
        }
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
        // nothing: ScheduleJob does the work
    }

    @Override
    public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
        return false;
    }

    @Override
    public void triggerComplete(Trigger trigger, JobExecutionContext context,
                                Trigger.CompletedExecutionInstruction instruction) {
        // nothing
    }
}
