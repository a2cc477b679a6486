package dev.opsbook.server;

import dev.opsbook.chatops.EngineRunbookOperations;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each replica does for the others, on its own scheduler thread: picks up cancels asked on
 * another replica for runs it drives, and marks interrupted the runs whose driving process died
 * (a run a live replica drives holds its advisory claim and is never touched). A database outage
 * is logged and retried on the next tick.
 */
final class ReplicaDuties implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaDuties.class);

    private final Engine engine;
    private final EngineRunbookOperations operations;
    private final ScheduledExecutorService scheduler;

    ReplicaDuties(Engine engine, EngineRunbookOperations operations, ScheduledExecutorService scheduler,
                  ReplicaProperties settings) {
        this.engine = engine;
        this.operations = operations;
        this.scheduler = scheduler;
        long poll = settings.cancelPoll().toMillis();
        long recovery = settings.recoveryInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::applyCancels, poll, poll, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::recover, recovery, recovery, TimeUnit.MILLISECONDS);
    }

    private void applyCancels() {
        try {
            int n = operations.applyCancelRequests();
            if (n > 0) {
                LOG.info("cancelling {} run(s) at the request of another replica", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("could not read cancel requests: {}", e.getMessage());
        }
    }

    private void recover() {
        try {
            for (Run run : engine.recover()) {
                LOG.warn("run {} of {} was left unfinished by a replica that is gone; marked interrupted (resume it with"
                        + " /runbook resume {})", run.id(), run.runbook().id(), run.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not look for runs left by a dead replica: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
