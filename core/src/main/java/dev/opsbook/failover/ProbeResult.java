package dev.opsbook.failover;

import java.time.Duration;

/** The outcome of one probe once: healthy or not, how long it took and, when not healthy, why. */
public record ProbeResult(String probe, String kind, boolean healthy, Duration latency, String detail) {
    public ProbeResult {
        if (probe.isBlank() || kind.isBlank()) {
            throw new IllegalArgumentException("a probe result needs the probe's name and kind");
        }
        detail = detail == null ? "" : detail;
    }

    public static ProbeResult healthy(String probe, String kind, Duration latency, String detail) {
        return new ProbeResult(probe, kind, true, latency, detail);
    }

    public static ProbeResult failed(String probe, String kind, Duration latency, String why) {
        return new ProbeResult(probe, kind, false, latency, why);
    }
}
