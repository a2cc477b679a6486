package dev.opsbook.server;

import dev.opsbook.runbook.RunbooksReloaded;
import dev.opsbook.schedule.ReviewedRunbooks;
import dev.opsbook.schedule.ScheduleReconciler;
import java.nio.file.Path;
import org.springframework.context.event.EventListener;

/**
 * Keeps the clustered schedules in step with the runbook directory: every reload (file change or git pull)
 * reconciles the triggers with the lint-clean runbooks, recording the commit. A file that now has errors
 * drops out of the reviewed set, as it does for runs.
 */
final class ReloadedSchedules {
    private final ScheduleReconciler reconciler;
    private final Path runbooks;

    ReloadedSchedules(ScheduleReconciler reconciler, Path runbooks) {
        this.reconciler = reconciler;
        this.runbooks = runbooks;
    }

    @EventListener
    public void reconcile(RunbooksReloaded reloaded) {
        reconciler.reconcile(ReviewedRunbooks.in(runbooks), reloaded.commit());
    }
}
