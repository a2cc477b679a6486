package dev.opsbook.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditMetricsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AuditMetrics metrics = new AuditMetrics(registry);
    private long sequence;

    private void event(int second, String action, String run, String step, String result, Duration duration,
                       Map<String, String> details) {
        metrics.on(new RecordedEvent(++sequence, T0.plusSeconds(second), new AuditEvent(new Actor("slack", "alice", "Alice"),
                action, Optional.of(run), Optional.ofNullable(step), Optional.of(new RunbookRef("orders-db", "0".repeat(64), "")),
                Map.of(), result, Optional.ofNullable(duration), Optional.empty(), details), "p", "h"));
    }

    @Test
    void runsBackupsAndApprovalLatencyComeFromTheAuditEvents() {
        event(0, AuditActions.RUN_STARTED, "r-1", null, "running", null, Map.of("service", "orders", "procedure", "backup"));
        assertThat(registry.get("opsbook.runs.in.progress").gauge().value()).isEqualTo(1);
        event(1, AuditActions.STEP_FINISHED, "r-1", "dump-db", "succeeded", Duration.ofSeconds(42), Map.of("kind", "backup"));
        event(2, AuditActions.STEP_FINISHED, "r-1", "dump-db", "failed", Duration.ofSeconds(3), Map.of("kind", "backup"));
        event(3, AuditActions.STEP_FINISHED, "r-1", "check", "succeeded", Duration.ofSeconds(1), Map.of("kind", "check"));
        event(10, AuditActions.APPROVAL_REQUESTED, "r-1", "restore", "waiting", null, Map.of());
        event(100, AuditActions.STEP_STARTED, "r-1", "restore", "running", null, Map.of("kind", "restore"));
        event(110, AuditActions.APPROVAL_REQUESTED, "r-1", "failover", "waiting", null, Map.of());
        event(130, AuditActions.STEP_FINISHED, "r-1", "failover", "rejected", null, Map.of("kind", "failover"));
        event(140, AuditActions.RUN_FINISHED, "r-1", null, "rejected", null, Map.of("service", "orders"));

        assertThat(registry.get("opsbook.backups").tags("result", "success", "service", "orders").counter().count()).isEqualTo(1);
        assertThat(registry.get("opsbook.backups").tags("result", "failure").counter().count()).isEqualTo(1);
        assertThat(registry.get("opsbook.backup.duration").tags("result", "success").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(registry.get("opsbook.approval.latency").tags("decision", "approved").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(90);
        assertThat(registry.get("opsbook.approval.latency").tags("decision", "rejected").timer().totalTime(TimeUnit.SECONDS)).isEqualTo(20);
        assertThat(registry.get("opsbook.runs.finished").tags("state", "rejected", "runbook", "orders-db").counter().count()).isEqualTo(1);
        assertThat(registry.get("opsbook.runs.in.progress").gauge().value()).isZero();
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getTags()).noneMatch(t -> t.getValue().equals("r-1")));
    }

    @Test
    void drillsRecordTimeToRestorePhasesAndRtoCompliance() {
        event(0, AuditActions.DRILL_FINISHED, "r-2", null, "passed", null, Map.of("service", "orders", "time_to_restore_ms", "1500",
                "time_to_detect_ms", "100", "time_to_respond_ms", "400", "time_to_recover_ms", "1000", "rto_ms", "1800000",
                "met_rto", "true"));
        assertThat(registry.get("opsbook.drill.rto.met").gauge().value()).isEqualTo(1);
        event(5, AuditActions.DRILL_FINISHED, "r-3", null, "failed", null, Map.of("service", "orders", "elapsed_ms", "30",
                "rto_ms", "1800000", "met_rto", "false", "reason", "no backup"));
        assertThat(registry.get("opsbook.drills").tags("result", "passed", "met_rto", "true").counter().count()).isEqualTo(1);
        assertThat(registry.get("opsbook.drills").tags("result", "failed", "met_rto", "false").counter().count()).isEqualTo(1);
        assertThat(registry.get("opsbook.drill.time.to.restore").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);
        assertThat(registry.get("opsbook.drill.phase").tags("phase", "respond").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(400);
        assertThat(registry.get("opsbook.drill.rto.met").gauge().value()).as("the last drill failed").isZero();
        assertThat(registry.get("opsbook.drill.rto.seconds").gauge().value()).isEqualTo(1800);
    }
}
