package dev.opsbook.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditJsonTest {

    @Test
    void roundTripsEveryField() {
        RecordedEvent event = new RecordedEvent(7, Instant.parse("2026-11-25T10:15:30Z"),
                new AuditEvent(new Actor("slack", "U1", "Alice"), AuditActions.STEP_FINISHED,
                        Optional.of("r-1"), Optional.of("backup-db"),
                        Optional.of(new RunbookRef("orders-db", "ab".repeat(32), "deadbeef")),
                        Map.of("target", "orders", "password", "[redacted]"), "succeeded",
                        Optional.of(Duration.ofMillis(1234)), Optional.of("C1/1700000000.1"),
                        Map.of("kind", "backup", "exit_code", "0")),
                "0".repeat(64), "f".repeat(64));

        String line = AuditJson.toLine(event);

        assertThat(line).doesNotContain("\n").contains("\"duration_ms\":1234");
        assertThat(AuditJson.fromLine(line)).isEqualTo(event);
    }

    @Test
    void omitsAbsentOptionals() {
        RecordedEvent event = new RecordedEvent(1, Instant.EPOCH,
                new AuditEvent(Actor.SYSTEM, AuditActions.RUN_INTERRUPTED, Optional.empty(), Optional.empty(),
                        Optional.empty(), Map.of(), "interrupted", Optional.empty(), Optional.empty(), Map.of()),
                "", "a".repeat(64));

        String line = AuditJson.toLine(event);

        assertThat(line).doesNotContain("run_id").doesNotContain("runbook").doesNotContain("duration_ms");
        assertThat(AuditJson.fromLine(line)).isEqualTo(event);
    }

    @Test
    void rejectsLinesThatAreNotEvents() {
        assertThatThrownBy(() -> AuditJson.fromLine("{oops")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> AuditJson.fromLine("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> AuditJson.fromLine("{\"sequence\":1}")).hasMessage("missing field \"actor\"");
    }
}
