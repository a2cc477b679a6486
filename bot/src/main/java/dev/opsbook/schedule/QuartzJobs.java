package dev.opsbook.schedule;

import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * How a {@link ScheduledJob} is stored in Quartz: a durable job and a cron trigger under the same key
 * (group = runbook id, name = {@code index-target}), the runbook id, index and target in the job data
 * (strings only), and misfire instruction "do nothing": {@link MisfireReports} applies opsbook's own policy.
 */
final class QuartzJobs {
    private static final String RUNBOOK = "runbook";
    private static final String INDEX = "index";
    private static final String TARGET = "target";

    private QuartzJobs() {}

    static JobKey jobKey(ScheduledJob job) {
        return JobKey.jobKey(job.name(), job.group());
    }

    private static JobDataMap data(ScheduledJob job) {
        JobDataMap data = new JobDataMap();
        data.put(RUNBOOK, job.runbookId());
        data.put(INDEX, Integer.toString(job.index()));
        data.put(TARGET, job.target());
        return data;
    }

    static JobDetail detail(ScheduledJob job) {
        return JobBuilder.newJob(ScheduleJob.class).withIdentity(jobKey(job)).usingJobData(data(job)).storeDurably()
                .withDescription("runbook " + job.runbookId() + " schedule " + job.index()).build();
    }

    /** The trigger; throws IllegalArgumentException when Quartz does not accept the cron expression. */
    static CronTrigger trigger(ScheduledJob job) {
        CronScheduleBuilder cron;
        try {
            cron = CronScheduleBuilder.cronScheduleNonvalidatedExpression(job.cron());
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("cron `" + job.cron() + "` of " + job.key() + ": " + e.getMessage(), e);
        }
        return TriggerBuilder.newTrigger().withIdentity(TriggerKey.triggerKey(job.name(), job.group())).forJob(jobKey(job))
                .usingJobData(data(job))
                .withSchedule(cron.inTimeZone(TimeZone.getTimeZone(java.time.ZoneId.of(job.timeZone())))
                        .withMisfireHandlingInstructionDoNothing())
                .build();
    }

    /** The scheduled job behind a stored job and its trigger. */
    static ScheduledJob read(JobDetail detail, CronTrigger trigger) {
        return read(detail.getJobDataMap(), trigger);
    }

    /** From the job data of the job or of its trigger (both carry runbook, index and target). */
    static ScheduledJob read(JobDataMap data, CronTrigger trigger) {
        return new ScheduledJob(data.getString(RUNBOOK), Integer.parseInt(data.getString(INDEX)), trigger.getCronExpression(),
                trigger.getTimeZone().getID(), data.getString(TARGET));
    }
}
