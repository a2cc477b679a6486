package dev.opsbook.watchdog;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.jdbc.AdvisoryLeadership;
import dev.opsbook.probe.ProbeMetrics;
import dev.opsbook.probe.Probes;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookLoader;
import dev.opsbook.runbook.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a {@link FailoverWatchdog} from the runbook directory: every runbook with a
 * {@code failover:} block and no lint errors gets a controller (the first per service; later ones
 * and runbooks with errors are listed as not watched, with the reason).
 */
public final class FailoverWatchdogs {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatchdogs.class);

    private FailoverWatchdogs() {}

    public static FailoverWatchdog open(Engine engine, Path runbooks, RunThreadMirror mirror, Executor runThreads,
                                        Announcements announcements, MeterRegistry registry, Clock clock, Sleeper sleeper,
                                        Map<String, String> environment) {
        Probes probes = new Probes(engine.ports().secrets(), environment);
        ProbeMetrics metrics = new ProbeMetrics(registry);
        List<ServiceWatch> watches = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> services = new HashSet<>();
        for (ParsedRunbook p : load(runbooks)) {
            if (p.runbook().isEmpty() || p.runbook().get().failover().isEmpty()) {
                continue;
            }
            Runbook rb = p.runbook().get();
            List<LintFinding> errors = p.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
            if (!errors.isEmpty()) {
                skipped.add("`" + rb.id() + "` has lint errors (" + errors.getFirst().format() + ")");
            } else if (!services.add(rb.service())) {
                skipped.add("`" + rb.id() + "`: another runbook already watches `" + rb.service() + "`");
            } else {
                watches.add(new ServiceWatch(rb, GitCommit.of(Path.of(rb.path()).toAbsolutePath()), probes.of(rb), clock));
            }
        }
        skipped.forEach(s -> LOG.warn("failover controller: not watched: {}", s));
        FailoverAudit audit = new FailoverAudit(engine.audit());
        StagedShift stages = new StagedShift(clock, sleeper, metrics, engine.audit(), announcements);
        FailoverRuns runs = new FailoverRuns(engine, mirror, runThreads, announcements, audit, stages);
        return new FailoverWatchdog(watches, skipped, new AdvisoryLeadership(engine.database().dataSource()), metrics,
                announcements, audit, runs, clock);
    }

    private static List<ParsedRunbook> load(Path runbooks) {
        if (!Files.isDirectory(runbooks)) {
            return List.of();
        }
        try {
            return new RunbookLoader(LintPolicy.DEFAULTS.withCheckLinks(false)).load(List.of(runbooks));
        } catch (IOException e) {
            LOG.warn("failover controller: cannot read the runbooks in {}: {}", runbooks, e.getMessage());
            return List.of();
        }
    }
}
