package dev.opsbook.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DrillResultTest {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00.000123Z");

    private static DrillResult result(Optional<Duration> rto, Long... marksMillis) {
        Optional<Instant> detected = marksMillis.length > 0 ? Optional.of(T0.plusNanos(marksMillis[0] * 1_000_000 + 700_000)) : Optional.empty();
        Optional<Instant> responded = marksMillis.length > 1 ? Optional.of(T0.plusNanos(marksMillis[1] * 1_000_000 + 300_000)) : Optional.empty();
        Optional<Instant> recovered = marksMillis.length > 2 ? Optional.of(T0.plusNanos(marksMillis[2] * 1_000_000 + 900_000)) : Optional.empty();
        return new DrillResult("r-1", "db", "orders", "restore", "target=db_drill", T0, detected, responded, recovered,
                T0.plusSeconds(100), rto, Optional.of("r-0/dump"), Optional.of("succeeded"), recovered.isPresent() ? "" : "failed");
    }

    @Test
    void phasesAreConsecutiveAndAddUpToTheTimeToRestore() {
        DrillResult r = result(Optional.of(Duration.ofSeconds(10)), 31L, 1_280L, 9_999L);
        long sum = r.detect().orElseThrow().toMillis() + r.respond().orElseThrow().toMillis() + r.recover().orElseThrow().toMillis();
        assertThat(sum).isEqualTo(r.timeToRestore().orElseThrow().toMillis());
        assertThat(r.metRto()).isTrue();
        assertThat(r.details()).containsEntry("met_rto", "true").containsEntry("rto_ms", "10000")
                .containsEntry("time_to_restore_ms", Long.toString(r.timeToRestore().orElseThrow().toMillis()));
    }

    @Test
    void overTheRtoOrNotRecoveredDoesNotMeetIt() {
        assertThat(result(Optional.of(Duration.ofSeconds(5)), 31L, 1_280L, 9_999L).metRto()).isFalse();
        DrillResult failed = result(Optional.of(Duration.ofSeconds(5)), 31L, 1_280L);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.metRto()).isFalse();
        assertThat(failed.details()).doesNotContainKey("time_to_restore_ms").containsEntry("reason", "failed")
                .containsKeys("time_to_detect_ms", "time_to_respond_ms");
        assertThat(result(Optional.empty(), 1L, 2L, 3L).metRto()).as("no RTO: recovering meets it").isTrue();
    }
}
