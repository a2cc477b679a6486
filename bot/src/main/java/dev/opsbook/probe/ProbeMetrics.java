package dev.opsbook.probe;

import dev.opsbook.failover.ProbeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probe results as Micrometer meters, tagged service, probe and kind. In Prometheus:
 * {@code opsbook_probe_checks_total{result="healthy"|"unhealthy"}}, {@code opsbook_probe_latency_seconds}
 * (a timer) and {@code opsbook_probe_healthy} (1 or 0, the latest result).
 */
public final class ProbeMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicInteger> healthy = new ConcurrentHashMap<>();

    public ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String service, ProbeResult result) {
        String[] tags = {"service", service, "probe", result.probe(), "kind", result.kind()};
        Counter.builder("opsbook.probe.checks").description("health probe checks by result").tags(tags)
                .tag("result", result.healthy() ? "healthy" : "unhealthy").register(registry).increment();
        Timer.builder("opsbook.probe.latency").description("how long health probes took").tags(tags)
                .register(registry).record(result.latency());
        healthy.computeIfAbsent(service + "\u0000" + result.probe(), k -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("opsbook.probe.healthy", value, AtomicInteger::get)
                    .description("1 when the latest check of the probe was healthy").tags(tags).register(registry);
            return value;
        }).set(result.healthy() ? 1 : 0);
    }
}
