package dev.opsbook.metrics;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * opsbook's Micrometer meters, derived from the audit events this process appends — so runs started
 * from chat, the web, the CLI inside the server and schedules all count the same way. Tags are
 * bounded: {@code runbook}, {@code service}, {@code state}/{@code result}/{@code decision}, never a
 * run id. See docs/metrics.md for the names as Prometheus shows them.
 */
public final class AuditMetrics {
    private static final int MAX_TRACKED = 10_000;

    private final MeterRegistry registry;
    /** run id → runbook and service, while the run is in progress here (step events carry neither). */
    private final Map<String, RunTags> runs = new ConcurrentHashMap<>();
    /** run id + step id → when its approval was requested. */
    private final Map<String, Instant> approvals = new ConcurrentHashMap<>();
    private final AtomicInteger inProgress = new AtomicInteger();
    private final Map<String, AtomicLong> lastMetRto = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> rtoSeconds = new ConcurrentHashMap<>();

    private record RunTags(String runbook, String service) {}

    public AuditMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("opsbook.runs.in.progress", inProgress);
    }

    /** Updates the meters for one appended event. */
    public void on(RecordedEvent recorded) {
        AuditEvent e = recorded.event();
        String runbook = e.runbook().map(r -> r.id()).orElse("");
        String runId = e.runId().orElse("");
        switch (e.action()) {
            case AuditActions.RUN_STARTED, AuditActions.RUN_RESUMED -> {
                if (runs.size() < MAX_TRACKED && runs.put(runId, new RunTags(runbook, e.details().getOrDefault("service", ""))) == null) {
                    inProgress.incrementAndGet();
                }
                Counter.builder("opsbook.runs.started").description("Runs started or resumed by this process")
                        .tags("runbook", runbook, "service", service(e, runId)).register(registry).increment();
            }
            case AuditActions.RUN_FINISHED -> {
                if (runs.remove(runId) != null) {
                    inProgress.decrementAndGet();
                }
                Counter.builder("opsbook.runs.finished").description("Runs that ended, by final state")
                        .tags("runbook", runbook, "service", e.details().getOrDefault("service", ""), "state", e.result())
                        .register(registry).increment();
            }
            case AuditActions.RUN_REFUSED -> Counter.builder("opsbook.runs.refused").description("Run requests refused")
                    .tags("runbook", runbook, "service", e.details().getOrDefault("service", "")).register(registry).increment();
            case AuditActions.STEP_FINISHED -> {
                backup(e, runbook, runId);
                decided(e, runId, recorded.time(), e.result());
            }
            case AuditActions.STEP_STARTED -> decided(e, runId, recorded.time(), "approved");
            case AuditActions.APPROVAL_REQUESTED -> {
                if (approvals.size() < MAX_TRACKED) {
                    approvals.put(runId + "/" + e.stepId().orElse(""), recorded.time());
                }
            }
            case AuditActions.APPROVAL_EXPIRED -> decided(e, runId, recorded.time(), "expired");
            case AuditActions.DRILL_FINISHED -> drill(e, runbook);
            default -> { }
        }
    }

    private void backup(AuditEvent e, String runbook, String runId) {
        if (!"backup".equals(e.details().get("kind")) || Boolean.parseBoolean(e.details().getOrDefault("dry_run", "false"))) {
            return;
        }
        String result = "succeeded".equals(e.result()) ? "success" : "failure";
        Counter.builder("opsbook.backups").description("Backup steps that ended, by result")
                .tags("runbook", runbook, "service", service(e, runId), "result", result).register(registry).increment();
        e.duration().ifPresent(d -> Timer.builder("opsbook.backup.duration").description("How long backup steps took")
                .tags("runbook", runbook, "service", service(e, runId), "result", result).register(registry).record(d));
    }

    /** Ends the approval wait of the event's step, if one is open: approved (it started), else its final state. */
    private void decided(AuditEvent e, String runId, Instant at, String decision) {
        Instant requested = approvals.remove(runId + "/" + e.stepId().orElse(""));
        if (requested == null) {
            return;
        }
        Timer.builder("opsbook.approval.latency").description("From approval requested to decided (approved, rejected, expired, ...)")
                .tags("runbook", e.runbook().map(r -> r.id()).orElse(""), "decision", decision)
                .register(registry).record(Duration.between(requested, at));
    }

    private void drill(AuditEvent e, String runbook) {
        Map<String, String> d = e.details();
        String service = d.getOrDefault("service", "");
        boolean met = Boolean.parseBoolean(d.getOrDefault("met_rto", "false"));
        Counter.builder("opsbook.drills").description("Drills that ended, by result and RTO compliance")
                .tags("runbook", runbook, "service", service, "result", e.result(), "met_rto", Boolean.toString(met))
                .register(registry).increment();
        millis(d.get("time_to_restore_ms")).ifPresent(t -> Timer.builder("opsbook.drill.time.to.restore")
                .description("Drill start to the last validation passed").tags("runbook", runbook, "service", service)
                .register(registry).record(t));
        for (String phase : new String[] {"detect", "respond", "recover"}) {
            millis(d.get("time_to_" + phase + "_ms")).ifPresent(t -> Timer.builder("opsbook.drill.phase")
                    .description("Drill phases: detect, respond, recover").tags("runbook", runbook, "service", service,
                            "phase", phase).register(registry).record(t));
        }
        gauge(lastMetRto, "opsbook.drill.rto.met", runbook, service, "1 when the last drill recovered within the RTO, else 0")
                .set(met ? 1 : 0);
        millis(d.get("rto_ms")).ifPresent(r -> gauge(rtoSeconds, "opsbook.drill.rto.seconds", runbook, service,
                "The RTO the last drill was measured against").set(r.toSeconds()));
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String runbook, String service, String description) {
        return values.computeIfAbsent(runbook, k -> {
            AtomicLong v = new AtomicLong();
            io.micrometer.core.instrument.Gauge.builder(name, v, AtomicLong::get).description(description)
                    .tags("runbook", runbook, "service", service).register(registry);
            return v;
        });
    }

    private String service(AuditEvent e, String runId) {
        RunTags tags = runs.get(runId);
        return tags != null ? tags.service() : e.details().getOrDefault("service", "");
    }

    private static Optional<Duration> millis(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
