package dev.opsbook.server;

import dev.opsbook.engine.GitCommit;
import dev.opsbook.runbook.RunbooksReloaded;
import dev.opsbook.schedule.ClusteredScheduler;
import dev.opsbook.schedule.ReviewedRunbooks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Keeps the clustered schedules in step with the runbook directory. {@link #start} (after readiness,
 * {@link AfterReadiness}) reconciles with the directory and starts firing; then every reload (file change or git
 * pull) reconciles the triggers with the reloaded runbooks, recording the commit. A file that now has lint errors keeps
 * the triggers of its last good version: its scheduled runs are then refused at fire time and announced, instead of
 * a backup silently ceasing to run. A reconcile that fails (database away) is logged and does not
 * stop the other subscribers of the reload; the next reload or a restart reconciles again. A runbook directory that is
 * gone reconciles nothing (as at start), so it cannot wipe the cluster's schedules. A reload before the start is left
 * to the start, which reads the directory then; {@link #stop} before the start means it never fires here.
 */
final class ReloadedSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadedSchedules.class);
    private final ClusteredScheduler scheduler;
    private final Path runbooks;
    private boolean started;
    private boolean stopped;

    ReloadedSchedules(ClusteredScheduler scheduler, Path runbooks) {
        this.scheduler = scheduler;
        this.runbooks = runbooks;
    }

    /** Reconciles with the runbook directory and starts firing (without reconciling when the directory is missing). */
    synchronized void start() {
        if (started || stopped) {
            return;
        }
        if (Files.isDirectory(runbooks)) {
            scheduler.start(ReviewedRunbooks.in(runbooks), GitCommit.of(runbooks));
        } else {
            // a replica with a wrong OPSBOOK_RUNBOOKS must not wipe the schedules the others reconciled
            LOG.warn("no runbook directory at {}: schedules are not reconciled here (set OPSBOOK_RUNBOOKS);"
                    + " this node fires the schedules the cluster already holds", runbooks);
            scheduler.start();
        }
        started = true;
    }

    /** Stops firing (waiting for a start in progress); a later {@link #start} does nothing. */
    synchronized void stop() {
        stopped = true;
        scheduler.close();
    }

    @EventListener
    public synchronized void reconcile(RunbooksReloaded reloaded) {
        if (!started || stopped) {
            return; // the start reads the directory itself; a stopped scheduler has nothing to reconcile
        }
        if (!Files.isDirectory(runbooks)) {
            // as at start: a vanished directory (unmounted volume, checkout in progress) must not wipe the cluster's schedules
            LOG.warn("no runbook directory at {}: schedules are not reconciled (the cluster keeps its triggers)", runbooks);
            return;
        }
        try {
            scheduler.reconciler().reconcile(reloaded.runbooks(), reloaded.commit());
        } catch (RuntimeException e) {
            LOG.error("schedules not reconciled with the runbooks at commit {}: {}; the next reload or a restart retries",
                    reloaded.commit().isEmpty() ? "(not in git)" : reloaded.commit(), e.getMessage(), e);
        }
    }
}
