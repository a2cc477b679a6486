package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
    final SignInThrottle throttle = new SignInThrottle(clock, 3, Duration.ofMinutes(15));

    @Test
    void refusesANameAfterTooManyFailuresUntilTheOldestIsAWindowOld() {
        throttle.failed("Dave");
        clock.advance(Duration.ofMinutes(5));
        throttle.failed("dave");
        assertThat(throttle.refusedFor("dave")).isEmpty();
        throttle.failed("dave ");
        assertThat(throttle.refusedFor("DAVE")).contains(Duration.ofMinutes(10));
        assertThat(throttle.refusedFor("alice")).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.refusedFor("dave")).isEmpty();
    }

    @Test
    void aSuccessClearsTheCount() {
        throttle.failed("dave");
        throttle.failed("dave");
        throttle.succeeded("dave");
        throttle.failed("dave");
        throttle.failed("dave");
        assertThat(throttle.refusedFor("dave")).isEmpty();
    }
}
