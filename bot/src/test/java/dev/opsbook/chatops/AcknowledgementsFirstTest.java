package dev.opsbook.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AcknowledgementsFirstTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void workWaitsUntilTheAcknowledgementsInProgressAreWritten() throws Exception {
        AcknowledgementsFirst acks = new AcknowledgementsFirst(Duration.ofSeconds(30));
        CountDownLatch ran = new CountDownLatch(1);
        AcknowledgementsFirst.Acknowledging first = acks.acknowledging();
        AcknowledgementsFirst.Acknowledging second = acks.acknowledging();

        acks.after(pool).execute(ran::countDown);
        assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("started during two acknowledgements").isFalse();
        first.close();
        first.close(); // twice counts once
        assertThat(ran.await(200, TimeUnit.MILLISECONDS)).as("started during the second").isFalse();
        second.close();
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(acks.busy()).isFalse();
    }

    @Test
    void workWaitsForOneQuietMomentNotForAnEmptyStream() throws Exception {
        AcknowledgementsFirst acks = new AcknowledgementsFirst(Duration.ofSeconds(30));
        CountDownLatch ran = new CountDownLatch(1);
        AcknowledgementsFirst.Acknowledging first = acks.acknowledging();
        acks.after(pool).execute(ran::countDown);
        Thread.sleep(100); // the task waits
        first.close(); // a quiet moment ...
        AcknowledgementsFirst.Acknowledging next = acks.acknowledging(); // ... before the next command arrives
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("the task had its turn").isTrue();
        next.close();
    }

    @Test
    void workWaitsNoLongerThanTheLimit() throws Exception {
        AcknowledgementsFirst acks = new AcknowledgementsFirst(Duration.ofMillis(100));
        CountDownLatch ran = new CountDownLatch(1);
        try (AcknowledgementsFirst.Acknowledging endless = acks.acknowledging()) {
            long t0 = System.nanoTime();
            acks.after(pool).execute(ran::countDown);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
            assertThat(acks.busy()).isTrue();
        }
    }

    @Test
    void withNoAcknowledgementWorkStartsAtOnce() throws Exception {
        AcknowledgementsFirst acks = new AcknowledgementsFirst(Duration.ofSeconds(30));
        CountDownLatch ran = new CountDownLatch(1);
        acks.after(pool).execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
