package dev.opsbook.watchdog;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.jdbc.AdvisoryLeadership;
import dev.opsbook.probe.ProbeMetrics;
import dev.opsbook.probe.Probes;
import dev.opsbook.reload.RunbookDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link FailoverWatchdog} from the runbook directory: every runbook with a
 * {@code failover:} block and no lint errors gets a controller (the first per service; later ones
 * and runbooks with errors are listed as not watched, with the reason; see {@link WatchPlan}).
 */
public final class FailoverWatchdogs {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatchdogs.class);

    private FailoverWatchdogs() {}

    /** A watchdog of the controllers in {@code runbooks} ({@link #create} then {@link #watchDirectory}). */
    public static FailoverWatchdog open(Engine engine, Path runbooks, RunThreadMirror mirror, Executor runThreads,
                                        Announcements announcements, MeterRegistry registry, Clock clock, Sleeper sleeper,
                                        Map<String, String> environment) {
        FailoverWatchdog watchdog = create(engine, mirror, runThreads, announcements, registry, clock, sleeper, environment);
        watchDirectory(watchdog, runbooks);
        return watchdog;
    }

    /** A watchdog watching nothing yet: {@link #watchDirectory} gives it its first controllers. */
    public static FailoverWatchdog create(Engine engine, RunThreadMirror mirror, Executor runThreads,
                                          Announcements announcements, MeterRegistry registry, Clock clock, Sleeper sleeper,
                                          Map<String, String> environment) {
        Probes probes = new Probes(engine.ports().secrets(), environment);
        ProbeMetrics metrics = new ProbeMetrics(registry);
        FailoverAudit audit = new FailoverAudit(engine.audit());
        StagedShift stages = new StagedShift(clock, sleeper, metrics, engine.audit(), announcements);
        FailoverRuns runs = new FailoverRuns(engine, mirror, runThreads, announcements, audit, stages);
        return new FailoverWatchdog(probes, rb -> GitCommit.of(Path.of(rb.path()).toAbsolutePath()),
                new AdvisoryLeadership(engine.database().dataSource()), metrics, announcements, audit, runs, clock);
    }

    /** The first controllers, from the runbooks in {@code runbooks} (not audited as a change: nothing was watched). */
    public static void watchDirectory(FailoverWatchdog watchdog, Path runbooks) {
        try {
            watchdog.watch(WatchPlan.of(RunbookDirectory.read(runbooks)));
        } catch (UncheckedIOException e) {
            LOG.warn("failover controller: {}; nothing is watched until the runbooks reload", e.getMessage());
        }
    }
}
