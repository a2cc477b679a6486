package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.RunbookRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcAuditLogIT {
    private final TestDatabase test = TestDatabase.create();
    private final Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    private final JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC());

    @AfterEach
    void close() {
        log.close();
        db.close();
        test.close();
    }

    static AuditEvent event(String runId, String result) {
        return new AuditEvent(new Actor("slack", "U1", "Alice"), AuditActions.STEP_FINISHED, Optional.of(runId),
                Optional.of("backup-db"), Optional.of(new RunbookRef("orders-db", "ab".repeat(32), "deadbeef")),
                Map.of("target", "orders", "password", "[redacted]"), result, Optional.of(Duration.ofMillis(1234)),
                Optional.of("C1/1700000000.1"), Map.of("kind", "backup", "exit_code", "0"));
    }

    private List<RecordedEvent> all() {
        List<RecordedEvent> out = new ArrayList<>();
        log.read(1, out::add);
        return out;
    }

    @Test
    void appendedEventsReadBackExactlyAndVerify() {
        RecordedEvent first = log.append(event("r-1", "succeeded"));
        RecordedEvent second = log.append(new AuditEvent(Actor.SYSTEM, AuditActions.RUN_INTERRUPTED, Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), "interrupted", Optional.empty(), Optional.empty(), Map.of()));

        assertThat(all()).containsExactly(first, second);
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(second.previousHash()).isEqualTo(first.hash());
        assertThat(log.head()).extracting(JdbcAuditLog.ChainHead::sequence, JdbcAuditLog.ChainHead::hash).containsExactly(2L, second.hash());
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
        List<RecordedEvent> fromTwo = new ArrayList<>();
        log.read(2, fromTwo::add);
        assertThat(fromTwo).containsExactly(second);
        List<RecordedEvent> ofRun = new ArrayList<>();
        log.readRun("r-1", ofRun::add);
        assertThat(ofRun).containsExactly(first);
    }

    @Test
    void arbitraryTextSurvivesStorageWithItsHash() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<RecordedEvent> appended = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String any = anyText(random);
            appended.add(log.append(new AuditEvent(new Actor("cli", "u" + any, any), "a" + any, Optional.of(any),
                    Optional.empty(), Optional.of(new RunbookRef(any, any, any)), Map.of("k" + any, any), any,
                    Optional.of(Duration.ofNanos(random.nextLong(1L << 50))), Optional.of(any), Map.of(any, any))));
        }

        assertThat(all()).as("seed %d", seed).isEqualTo(appended);
        assertThat(AuditVerifier.verify(log).intact()).as("seed %d", seed).isTrue();
    }

    /** Any UTF-16 text, including NUL, controls, unpaired surrogates and astral characters. */
    private static String anyText(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(10); i > 0; i--) {
            switch (random.nextInt(4)) {
                case 0 -> b.append((char) random.nextInt(0x20));
                case 1 -> b.append((char) random.nextInt(0x10000));
                case 2 -> b.appendCodePoint(0x10000 + random.nextInt(0x100000));
                default -> b.append("\"\\'$(x)`");
            }
        }
        return b.toString();
    }

    @Test
    void aSinkThatThrowsStopsTheReadAndReleasesItsConnection() {
        for (int i = 0; i < 600; i++) {
            log.append(event("r-" + i, "succeeded"));
        }
        class Enough extends RuntimeException {}
        for (int attempt = 0; attempt < 20; attempt++) { // more than the pool's 8 connections
            List<Long> seen = new ArrayList<>();
            assertThatThrownBy(() -> log.read(1, e -> {
                seen.add(e.sequence());
                if (e.sequence() == 300) {
                    throw new Enough();
                }
            })).isInstanceOf(Enough.class);
            assertThat(seen).hasSize(300).endsWith(300L);
        }
        assertThat(all()).hasSize(600);
    }

    @Test
    void updateDeleteAndTruncateAreRefused() throws SQLException {
        log.append(event("r-1", "succeeded"));
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE audit_event SET result = 'failed'"))
                    .hasMessageContaining("the audit log is append-only: UPDATE on audit_event is not allowed");
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_event"))
                    .hasMessageContaining("the audit log is append-only: DELETE on audit_event is not allowed");
            assertThatThrownBy(() -> s.execute("TRUNCATE audit_event"))
                    .hasMessageContaining("the audit log is append-only: TRUNCATE on audit_event is not allowed");
            assertThatThrownBy(() -> s.execute("UPDATE audit_chain_head SET last_sequence = 0"))
                    .hasMessageContaining("the audit chain head can only move forward");
        }
        assertThat(all()).hasSize(1);
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void aSqlFailureRecordsNothingAndAppendsContinueAfterwards() throws SQLException {
        log.append(event("r-1", "succeeded"));
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ADD CONSTRAINT no_poison CHECK (result <> 'poison')");
        }

        assertThatThrownBy(() -> log.append(event("r-2", "poison")))
                .isInstanceOf(AuditWriteException.class)
                .hasMessageContaining("could not record step.finished in the audit log")
                .hasMessageContaining("no_poison");
        RecordedEvent after = log.append(event("r-3", "succeeded"));

        assertThat(after.sequence()).isEqualTo(2);
        assertThat(all()).extracting(r -> r.event().result()).containsExactly("succeeded", "succeeded");
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void aBadEventInAGroupCommitFailsAloneAndTheOthersAreRecorded() throws Exception {
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE audit_event ADD CONSTRAINT no_poison CHECK (result <> 'poison')");
        }
        CountDownLatch writerMayStart = new CountDownLatch(1);
        ThreadFactory gated = r -> new Thread(() -> {
            try {
                writerMayStart.await();
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        });
        try (JdbcAuditLog gatedLog = new JdbcAuditLog(db.dataSource(), Clock.systemUTC(), gated)) {
            List<String> results = List.of("ok-1", "poison", "ok-2");
            Map<String, Object> outcomes = new ConcurrentHashMap<>();
            List<Thread> callers = new ArrayList<>();
            for (String result : results) {
                callers.add(Thread.ofVirtual().start(() -> { // virtual threads always hand their appends to the writer
                    try {
                        outcomes.put(result, gatedLog.append(event("r", result)));
                    } catch (AuditWriteException e) {
                        outcomes.put(result, e);
                    }
                }));
            }
            while (!callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING)) {
                Thread.onSpinWait(); // all three queued: they will form one batch
            }
            writerMayStart.countDown();
            for (Thread t : callers) {
                t.join();
            }

            assertThat(outcomes.get("poison")).isInstanceOf(AuditWriteException.class);
            assertThat(outcomes.get("ok-1")).isInstanceOf(RecordedEvent.class);
            assertThat(outcomes.get("ok-2")).isInstanceOf(RecordedEvent.class);
        }
        assertThat(all()).extracting(r -> r.event().result()).containsExactlyInAnyOrder("ok-1", "ok-2");
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    /**
     * Wraps V24's head check so that each check that passes leaves a row in {@code pipelined} (a failed check rolls
     * its row back with the rest of its transaction): the count of appends that went as one round trip.
     */
    private void countPipelinedAppends() throws SQLException {
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE pipelined (sequence bigint NOT NULL)");
            s.execute("ALTER FUNCTION audit_lock_expected_head(bigint, text) RENAME TO audit_lock_expected_head_checked");
            s.execute("""
                    CREATE FUNCTION audit_lock_expected_head(expected_sequence bigint, expected_hash text) RETURNS void
                        LANGUAGE plpgsql AS $$
                    BEGIN
                        PERFORM audit_lock_expected_head_checked(expected_sequence, expected_hash);
                        INSERT INTO pipelined VALUES (expected_sequence);
                    END
                    $$""");
        }
    }

    private List<Long> pipelined() throws SQLException {
        List<Long> after = new ArrayList<>();
        try (Connection c = test.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT sequence FROM pipelined ORDER BY sequence")) {
            while (rs.next()) {
                after.add(rs.getLong(1));
            }
        }
        return after;
    }

    @Test
    void afterItsFirstAppendAWriterAppendsInOneRoundTripAgainstTheHeadItLeft() throws SQLException {
        countPipelinedAppends();
        for (int i = 1; i <= 5; i++) {
            assertThat(log.append(event("r-" + i, "succeeded")).sequence()).isEqualTo(i);
        }
        assertThat(pipelined()).containsExactly(1L, 2L, 3L, 4L); // the first append read the head under its lock
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void anAppendByAnotherProcessSendsTheNextOneBackToTheLockedHead() throws SQLException {
        countPipelinedAppends();
        try (Database otherPool = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
             JdbcAuditLog other = new JdbcAuditLog(otherPool.dataSource(), Clock.systemUTC())) {
            log.append(event("r-1", "succeeded"));
            log.append(event("r-2", "succeeded"));
            other.append(event("r-3", "succeeded"));
            RecordedEvent afterOther = log.append(event("r-4", "succeeded")); // linked to 2 first: refused, linked again to 3
            log.append(event("r-5", "succeeded"));

            assertThat(afterOther.sequence()).isEqualTo(4);
            assertThat(afterOther.previousHash()).isEqualTo(all().get(2).hash());
        }
        assertThat(pipelined()).containsExactly(1L, 4L);
        assertThat(all()).extracting(r -> r.event().runId().orElseThrow()).containsExactly("r-1", "r-2", "r-3", "r-4", "r-5");
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @Test
    void anUnreachableDatabaseMakesAppendFail() {
        db.close();

        assertThatThrownBy(() -> log.append(event("r-1", "succeeded")))
                .isInstanceOf(AuditWriteException.class)
                .hasMessageContaining("could not record step.finished in the audit log");
    }

    @Test
    void aWrongPortMakesAppendFail() {
        org.postgresql.ds.PGSimpleDataSource nowhere = new org.postgresql.ds.PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/opsbook");
        try (JdbcAuditLog dead = new JdbcAuditLog(nowhere, Clock.systemUTC())) {
            assertThatThrownBy(() -> dead.append(event("r-1", "succeeded")))
                    .isInstanceOf(dev.opsbook.audit.AuditUnavailableException.class)
                    .hasMessage("audit log unavailable (PostgreSQL at 127.0.0.1:1 stopped answering)")
                    .hasStackTraceContaining("could not record step.finished").hasStackTraceContaining("Connection refused");
        }
    }

    @Test
    void appendsAfterCloseFail() {
        log.append(event("r-1", "succeeded"));
        log.close();

        assertThatThrownBy(() -> log.append(event("r-2", "succeeded")))
                .isInstanceOf(AuditWriteException.class).hasMessageContaining("closed");
    }

    static long count(TestDatabase test) throws SQLException {
        try (Connection c = test.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_event")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void headCountAndRowsAgree() throws SQLException {
        for (int i = 0; i < 10; i++) {
            log.append(event("r-" + i, "succeeded"));
        }
        assertThat(count(test)).isEqualTo(10);
        assertThat(log.head().sequence()).isEqualTo(10);
        assertThat(all().getLast().time()).isBeforeOrEqualTo(Instant.now());
    }
}
