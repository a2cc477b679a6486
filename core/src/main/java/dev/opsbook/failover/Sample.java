package dev.opsbook.failover;

import java.time.Instant;
import java.util.List;

/** One evaluation round of all the probes of a service; it is healthy only when every probe is. */
public record Sample(Instant at, List<ProbeResult> results) {
    public Sample {
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one probe result");
        }
    }

    public boolean healthy() {
        return results.stream().allMatch(ProbeResult::healthy);
    }

    /** The failing probes as "name: why". */
    public List<String> failures() {
        return results.stream().filter(r -> !r.healthy()).map(r -> r.probe() + ": " + r.detail()).toList();
    }
}
