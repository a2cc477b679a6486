package dev.opsbook.audit;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Sample events for the audit tests in this package. */
final class AuditEvents {
    private AuditEvents() {}

    static AuditEvent stepFinished(String runId, String result) {
        return new AuditEvent(new Actor("slack", "U1", "Alice"), AuditActions.STEP_FINISHED,
                Optional.of(runId), Optional.of("backup-db"),
                Optional.of(new RunbookRef("orders-db", "ab".repeat(32), "deadbeef")),
                Map.of("target", "orders", "password", "[redacted]"), result,
                Optional.of(Duration.ofMillis(1234)), Optional.of("C1/1700000000.1"),
                Map.of("kind", "backup", "exit_code", "0"));
    }

    static AuditEvent interrupted() {
        return new AuditEvent(Actor.SYSTEM, AuditActions.RUN_INTERRUPTED, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), "interrupted", Optional.empty(), Optional.empty(), Map.of());
    }
}
