package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MisfirePolicyTest {
    @Test
    void misfiresWithinGraceFireLateOlderOnesAreSkipped() {
        MisfirePolicy policy = new MisfirePolicy(Duration.ofMinutes(15));
        Instant due = Instant.parse("2026-01-01T02:00:00Z");
        assertThat(policy.decide(due, due.plus(Duration.ofMinutes(15)))).isEqualTo(MisfirePolicy.Outcome.FIRED_LATE);
        assertThat(policy.decide(due, due.plus(Duration.ofMinutes(16)))).isEqualTo(MisfirePolicy.Outcome.SKIPPED);
        assertThat(MisfirePolicy.Outcome.FIRED_LATE.result()).isEqualTo("fired_late");
        assertThat(policy.describe()).isEqualTo("run once late if missed by at most 15m, else skip");
    }
}
