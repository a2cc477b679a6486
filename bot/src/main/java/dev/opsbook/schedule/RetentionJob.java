package dev.opsbook.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job of backup retention: one run at a time across the cluster. */
@DisallowConcurrentExecution
final class RetentionJob implements Job {
    private final RetentionRuns runs;

    RetentionJob(RetentionRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runs.run();
    }
}
