package dev.opsbook.watchdog;

import dev.opsbook.runbook.Runbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a reload changes the watched services: {@code started} (a new {@code failover:} block), {@code stopped}
 * (the block, its runbook or its service is gone, or the file has lint errors now), {@code restarted} (the block
 * changed, or another runbook watches the service now: a new controller, unarmed) and {@code kept} (the same block
 * of the same runbook: the controller keeps its samples, proposal, cooldown and hourly count; the runbook text,
 * commit and probes are refreshed).
 */
record WatchChanges(List<Runbook> started, List<String> stopped, List<Runbook> restarted, List<Runbook> kept) {
    WatchChanges {
        started = List.copyOf(started);
        stopped = List.copyOf(stopped);
        restarted = List.copyOf(restarted);
        kept = List.copyOf(kept);
    }

    static WatchChanges between(Map<String, ServiceWatch> current, WatchPlan plan) {
        List<Runbook> started = new ArrayList<>();
        List<Runbook> restarted = new ArrayList<>();
        List<Runbook> kept = new ArrayList<>();
        for (Runbook rb : plan.watched()) {
            ServiceWatch now = current.get(rb.service());
            if (now == null) {
                started.add(rb);
            } else if (now.runbook().id().equals(rb.id()) && now.policy().sameAs(rb.failover().orElseThrow())) {
                kept.add(rb);
            } else {
                restarted.add(rb);
            }
        }
        Set<String> wanted = plan.watched().stream().map(Runbook::service).collect(Collectors.toSet());
        List<String> stopped = current.keySet().stream().filter(s -> !wanted.contains(s)).sorted().toList();
        return new WatchChanges(started, stopped, restarted, kept);
    }

    /** Whether any controller starts, stops or restarts. */
    boolean isEmpty() {
        return started.isEmpty() && stopped.isEmpty() && restarted.isEmpty();
    }

    static String services(List<Runbook> runbooks) {
        return runbooks.stream().map(Runbook::service).collect(Collectors.joining(","));
    }
}
