package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemorySeenDeliveriesTest {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private final InMemorySeenDeliveries seen = new InMemorySeenDeliveries(clock, Duration.ofMinutes(15), 3);

    @Test
    void aKeyIsNewOnceWithinTheWindowAndNewAgainAfterIt() {
        assertThat(seen.firstSighting("slack:trigger:1")).isTrue();
        assertThat(seen.firstSighting("slack:trigger:1")).isFalse();
        clock.advance(Duration.ofMinutes(14));
        assertThat(seen.firstSighting("slack:trigger:1")).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(seen.firstSighting("slack:trigger:1")).isTrue();
    }

    @Test
    void capacityEvictsTheOldest() {
        seen.firstSighting("a");
        seen.firstSighting("b");
        seen.firstSighting("c");
        seen.firstSighting("d");
        assertThat(seen.firstSighting("a")).isTrue();
        assertThat(seen.firstSighting("d")).isFalse();
    }

    @Test
    void concurrentDeliveriesOfOneKeyHaveExactlyOneWinner() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(pool.submit(() -> seen.firstSighting("slack:event:Ev1")));
            }
            int winners = 0;
            for (Future<Boolean> r : results) {
                winners += r.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
