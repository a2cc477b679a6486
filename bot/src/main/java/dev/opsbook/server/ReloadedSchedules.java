package dev.opsbook.server;

import dev.opsbook.runbook.RunbooksReloaded;
import dev.opsbook.schedule.ScheduleReconciler;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Keeps the clustered schedules in step with the runbook directory: every reload (file change or git pull)
 * reconciles the triggers with the reloaded runbooks, recording the commit. A file that now has lint errors keeps
 * the triggers of its last good version: its scheduled runs are then refused at fire time and announced, instead of
 * a backup silently ceasing to run. A reconcile that fails (database away) is logged and does not
 * stop the other subscribers of the reload; the next reload or a restart reconciles again. A runbook directory that is
 * gone reconciles nothing (as at start), so it cannot wipe the cluster's schedules.
 */
final class ReloadedSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadedSchedules.class);
    private final ScheduleReconciler reconciler;
    private final Path runbooks;

    ReloadedSchedules(ScheduleReconciler reconciler, Path runbooks) {
        this.reconciler = reconciler;
        this.runbooks = runbooks;
    }

    @EventListener
    public void reconcile(RunbooksReloaded reloaded) {
        if (!Files.isDirectory(runbooks)) {
            // as at start: a vanished directory (unmounted volume, checkout in progress) must not wipe the cluster's schedules
            LOG.warn("no runbook directory at {}: schedules are not reconciled (the cluster keeps its triggers)", runbooks);
            return;
        }
        try {
            reconciler.reconcile(reloaded.runbooks(), reloaded.commit());
        } catch (RuntimeException e) {
            LOG.error("schedules not reconciled with the runbooks at commit {}: {}; the next reload or a restart retries",
                    reloaded.commit().isEmpty() ? "(not in git)" : reloaded.commit(), e.getMessage(), e);
        }
    }
}
