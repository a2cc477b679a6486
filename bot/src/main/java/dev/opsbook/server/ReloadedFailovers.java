package dev.opsbook.server;

import dev.opsbook.reload.RunbookDirectory;
import dev.opsbook.runbook.RunbooksReloaded;
import dev.opsbook.watchdog.FailoverWatchdog;
import dev.opsbook.watchdog.FailoverWatchdogs;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Keeps the failover controllers in step with the runbook directory: {@link #start} (after readiness) watches the
 * directory's {@code failover:} blocks, then every reload (file change or git pull) re-reads
 * the files with their findings and lets the watchdog start, stop, restart or keep its controllers
 * ({@link FailoverWatchdog#reload}). A file that now has lint errors stops being watched, as runs refuse it; a
 * directory that is gone or cannot be read changes nothing.
 */
final class ReloadedFailovers {
    private static final Logger LOG = LoggerFactory.getLogger(ReloadedFailovers.class);
    private final FailoverWatchdog watchdog;
    private final Path runbooks;

    private boolean started;
    private boolean stopped;

    ReloadedFailovers(FailoverWatchdog watchdog, Path runbooks) {
        this.watchdog = watchdog;
        this.runbooks = runbooks;
    }

    /** The first controllers, from the runbook directory as it is now (after readiness, {@link AfterReadiness}). */
    synchronized void start() {
        if (started || stopped) {
            return;
        }
        FailoverWatchdogs.watchDirectory(watchdog, runbooks);
        started = true;
    }

    /** Follows no reload and starts nothing any more (the server is closing). */
    public synchronized void close() {
        stopped = true;
    }

    @EventListener
    public synchronized void reload(RunbooksReloaded reloaded) {
        if (!started || stopped) {
            return; // the start reads the directory itself
        }
        if (!Files.isDirectory(runbooks)) {
            // a vanished directory (an unmounted volume, a checkout in progress) must not stop every controller
            LOG.warn("no runbook directory at {}: the failover controllers keep watching what they watched", runbooks);
            return;
        }
        try {
            watchdog.reload(RunbookDirectory.read(runbooks), reloaded.commit());
        } catch (RuntimeException e) {
            LOG.error("failover controllers not updated for the runbooks at commit {}: {}; they keep watching what they"
                    + " watched", reloaded.commit().isEmpty() ? "(not in git)" : reloaded.commit(), e.getMessage(), e);
        }
    }
}
