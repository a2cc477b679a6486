package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.execution.RunId;
import dev.opsbook.execution.ServiceLocks;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdvisoryServiceLocksIT {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    private final TestDatabase test = TestDatabase.create();

    private Database open() {
        return Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    }

    @AfterEach
    void drop() {
        test.close();
    }

    @Test
    void twoProcessesContendAndTheSecondHearsWhoHoldsTheService() throws Exception {
        try (Database a = open(); Database b = open()) {
            ServiceLocks first = new AdvisoryServiceLocks(a.dataSource(), CLOCK);
            ServiceLocks second = new AdvisoryServiceLocks(b.dataSource(), CLOCK);
            ServiceLocks.Acquisition held = first.tryAcquire("orders-db", new RunId("r-aaaaaaaaaa"), "alice");
            assertThat(held).isInstanceOf(ServiceLocks.Acquired.class);

            ServiceLocks.Acquisition denied = second.tryAcquire("orders-db", new RunId("r-bbbbbbbbbb"), "bob");
            assertThat(denied).isInstanceOfSatisfying(ServiceLocks.Busy.class, busy -> assertThat(busy.message())
                    .isEqualTo("service busy: run r-aaaaaaaaaa started by alice at 2026-11-25T10:00:00Z"));
            assertThat(second.tryAcquire("billing-db", new RunId("r-bbbbbbbbbb"), "bob"))
                    .isInstanceOf(ServiceLocks.Acquired.class);

            ((ServiceLocks.Acquired) held).lock().close();
            ServiceLocks.Acquisition now = second.tryAcquire("orders-db", new RunId("r-bbbbbbbbbb"), "bob");
            assertThat(now).isInstanceOf(ServiceLocks.Acquired.class);
            assertThat(first.tryAcquire("orders-db", new RunId("r-cccccccccc"), "carol"))
                    .isInstanceOfSatisfying(ServiceLocks.Busy.class, busy -> assertThat(busy.run()).isEqualTo(new RunId("r-bbbbbbbbbb")));
        }
    }

    @Test
    void aDeadHoldersLockIsFreeAndItsStaleRowIsReplaced() {
        Database dying = open();
        new AdvisoryServiceLocks(dying.dataSource(), CLOCK).tryAcquire("orders-db", new RunId("r-dead000000"), "alice");
        dying.close(); // the process dies holding the lock: PostgreSQL ends the session
        try (Database b = open()) {
            ServiceLocks locks = new AdvisoryServiceLocks(b.dataSource(), CLOCK);
            assertThat(locks.tryAcquire("orders-db", new RunId("r-alive00000"), "bob")).isInstanceOf(ServiceLocks.Acquired.class);
            assertThat(new AdvisoryServiceLocks(b.dataSource(), CLOCK).tryAcquire("orders-db", new RunId("r-third00000"), "carol"))
                    .isInstanceOfSatisfying(ServiceLocks.Busy.class, busy -> assertThat(busy.user()).isEqualTo("bob"));
        }
    }

    @Test
    void manyConcurrentRequestersExactlyOneWins() throws Exception {
        try (Database a = open(); Database b = open()) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            CountDownLatch go = new CountDownLatch(1);
            java.util.List<Future<ServiceLocks.Acquisition>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Database db = i % 2 == 0 ? a : b;
                RunId id = new RunId("r-concurr00" + i);
                results.add(pool.submit(() -> {
                    go.await();
                    return new AdvisoryServiceLocks(db.dataSource(), CLOCK).tryAcquire("orders-db", id, "u" + id);
                }));
            }
            go.countDown();
            int won = 0;
            for (Future<ServiceLocks.Acquisition> f : results) {
                if (f.get() instanceof ServiceLocks.Acquired) {
                    won++;
                }
            }
            pool.shutdown();
            assertThat(won).isEqualTo(1);
        }
    }
}
