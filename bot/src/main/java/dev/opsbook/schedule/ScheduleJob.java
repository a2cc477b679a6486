package dev.opsbook.schedule;

import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job of every runbook schedule: hands the fire to {@link ScheduleFirings} (which does not block on the run). */
final class ScheduleJob implements Job {
    private final ScheduleFirings firings;

    ScheduleJob(ScheduleFirings firings) {
        this.firings = firings;
    }

    @Override
    public void execute(JobExecutionContext context) {
        ScheduledJob job = QuartzJobs.read(context.getJobDetail().getJobDataMap(), (CronTrigger) context.getTrigger());
        firings.fire(job, context.getScheduledFireTime().toInstant(), context.getFireInstanceId(), false);
    }
}
