package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chat state replicas share: two {@link JdbcSeenDeliveries} on separate connection pools (as two
 * processes) take each key once, remember it for the window only, and the approval message index
 * written through one pool answers through the other.
 */
class SharedChatStateIT {
    private final TestDatabase test = TestDatabase.create();
    private final List<Database> open = new ArrayList<>();

    private Database open() {
        Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
        open.add(db);
        return db;
    }

    @AfterEach
    void close() {
        open.forEach(Database::close);
        test.close();
    }

    @Test
    void concurrentSightingsOfOneKeyOnTwoReplicasAreTakenExactlyOnce() throws Exception {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        JdbcSeenDeliveries a = new JdbcSeenDeliveries(open().dataSource(), clock, Duration.ofMinutes(15));
        JdbcSeenDeliveries b = new JdbcSeenDeliveries(open().dataSource(), clock, Duration.ofMinutes(15));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int key = 0; key < 20; key++) {
                String k = "slack:trigger:" + key;
                List<Callable<Boolean>> tries = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JdbcSeenDeliveries replica = i % 2 == 0 ? a : b;
                    tries.add(() -> replica.firstSighting(k));
                }
                long firsts = 0;
                for (Future<Boolean> f : pool.invokeAll(tries)) {
                    firsts += f.get() ? 1 : 0;
                }
                assertThat(firsts).as("first sightings of %s", k).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyIsRememberedForTheWindowThenTakenAgainAndExpiredRowsArePruned() throws Exception {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        Database db = open();
        JdbcSeenDeliveries seen = new JdbcSeenDeliveries(db.dataSource(), clock, Duration.ofMinutes(15));
        assertThat(seen.firstSighting("slack:event:Ev1")).isTrue();
        clock.advance(Duration.ofMinutes(14));
        assertThat(seen.firstSighting("slack:event:Ev1")).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(seen.firstSighting("slack:event:Ev1")).isTrue();
        assertThat(seen.firstSighting("slack:event:Ev1")).isFalse();

        assertThat(seen.firstSighting("slack:event:Ev2")).isTrue();
        clock.advance(Duration.ofHours(1));
        assertThat(seen.firstSighting("slack:event:Ev3")).isTrue(); // prunes Ev1 and Ev2
        try (var c = test.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT key FROM chat_delivery")) {
            List<String> keys = new ArrayList<>();
            while (rs.next()) {
                keys.add(rs.getString(1));
            }
            assertThat(keys).containsExactly("slack:event:Ev3");
        }
    }

    @Test
    void anApprovalMessageRememberedOnOneReplicaIsFoundOnAnother() {
        FakeClock clock = FakeClock.at("2026-01-01T00:00:00Z");
        JdbcApprovalMessageIndex a = new JdbcApprovalMessageIndex(open().dataSource(), clock, Duration.ofDays(30));
        JdbcApprovalMessageIndex b = new JdbcApprovalMessageIndex(open().dataSource(), clock, Duration.ofDays(30));
        MessageRef message = new MessageRef("slack", "C1", "1700000000.000100");
        a.remember(message, "r-0123456789", "restore");
        assertThat(b.find(message)).contains(new ApprovalAction(Decision.APPROVE, "r-0123456789", "restore"));
        assertThat(b.find(new MessageRef("slack", "C1", "1700000000.000101"))).isEmpty();

        clock.advance(Duration.ofDays(31));
        b.remember(new MessageRef("discord", "D1", "42"), "r-9999999999", "promote");
        assertThat(a.find(message)).as("pruned after 30 days").isEmpty();
    }
}
