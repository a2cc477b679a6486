package dev.opsbook.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** The Quartz job of the backup integrity check: one run at a time across the cluster. */
@DisallowConcurrentExecution
final class IntegrityJob implements Job {
    private final IntegrityRuns runs;

    IntegrityJob(IntegrityRuns runs) {
        this.runs = runs;
    }

    @Override
    public void execute(JobExecutionContext context) {
        runs.run();
    }
}
