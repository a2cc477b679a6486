package dev.opsbook.watchdog;

import dev.opsbook.failover.FailoverController;
import dev.opsbook.failover.ProbeResult;
import dev.opsbook.failover.Sample;
import dev.opsbook.probe.Probe;
import dev.opsbook.probe.ProbeMetrics;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.Runbook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One watched service: its runbook (and commit), its live probes and its controller. {@link #sample}
 * runs all probes at once (each on a virtual thread) and records their results as metrics; a probe
 * that overruns its timeout by more than a second counts as failed.
 */
final class ServiceWatch {
    private final Runbook runbook;
    private final String commit;
    private final List<Probe> probes;
    private final FailoverController controller;

    ServiceWatch(Runbook runbook, String commit, List<Probe> probes, Clock clock) {
        this(runbook, commit, probes, new FailoverController(runbook.service(), runbook.failover().orElseThrow(), clock));
    }

    private ServiceWatch(Runbook runbook, String commit, List<Probe> probes, FailoverController controller) {
        this.runbook = runbook;
        this.commit = commit;
        this.probes = List.copyOf(probes);
        this.controller = controller;
    }

    /** The same controller (and its state) with a reloaded runbook of an unchanged failover block. */
    ServiceWatch refreshed(Runbook reloaded, String reloadedCommit, List<Probe> reloadedProbes) {
        return new ServiceWatch(reloaded, reloadedCommit, reloadedProbes, controller);
    }

    Runbook runbook() {
        return runbook;
    }

    String commit() {
        return commit;
    }

    String service() {
        return runbook.service();
    }

    FailoverPolicy policy() {
        return runbook.failover().orElseThrow();
    }

    FailoverController controller() {
        return controller;
    }

    Sample sample(Clock clock, ProbeMetrics metrics) {
        List<ProbeResult> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ProbeResult>> running = probes.stream().map(p -> threads.submit(p::check)).toList();
            for (int i = 0; i < probes.size(); i++) {
                results.add(await(probes.get(i), running.get(i)));
            }
        }
        results.forEach(r -> metrics.record(service(), r));
        return new Sample(clock.instant(), results);
    }

    private static ProbeResult await(Probe probe, Future<ProbeResult> result) {
        Duration limit = probe.spec().timeout().plusSeconds(1);
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            return ProbeResult.failed(probe.spec().name(), probe.spec().kind(), limit, "no result within its timeout");
        } catch (ExecutionException e) {
            return ProbeResult.failed(probe.spec().name(), probe.spec().kind(), Duration.ZERO, "probe crashed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed(probe.spec().name(), probe.spec().kind(), Duration.ZERO, "interrupted");
        }
    }
}
