package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.HashChain;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.VerificationResult;
import dev.opsbook.audit.VerificationResult.Break;
import dev.opsbook.audit.VerificationResult.Problem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A database superuser bypasses the append-only trigger; verify must still find what changed. */
class AuditTamperIT {
    private final TestDatabase test = TestDatabase.create();
    private final Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    private final JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC());
    private final List<RecordedEvent> appended = new ArrayList<>();

    @BeforeEach
    void fiveEvents() {
        for (int i = 1; i <= 5; i++) {
            appended.add(log.append(JdbcAuditLogIT.event("r-" + i, "succeeded")));
        }
        assertThat(AuditVerifier.verify(log).intact()).isTrue();
    }

    @AfterEach
    void close() {
        log.close();
        db.close();
        test.close();
    }

    private void asSuperuser(String... statements) throws SQLException {
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private Break firstBreak() {
        VerificationResult result = AuditVerifier.verify(log);
        assertThat(result.intact()).isFalse();
        return result.firstBreak().orElseThrow();
    }

    @Test
    void anUpdateWithTheTriggersDisabledIsFoundAtItsSequence() throws SQLException {
        asSuperuser("ALTER TABLE audit_event DISABLE TRIGGER ALL",
                "UPDATE audit_event SET result = 'failed' WHERE sequence = 3",
                "ALTER TABLE audit_event ENABLE TRIGGER ALL");

        assertThat(firstBreak()).returns(3L, Break::sequence).returns(Problem.HASH_MISMATCH, Break::problem);
        assertThat(AuditVerifier.verify(log).verifiedEvents()).isEqualTo(2);
    }

    @Test
    void anUpdateThatAlsoRecomputesTheHashBreaksTheNextLink() throws SQLException {
        RecordedEvent third = appended.get(2);
        RecordedEvent forged = HashChain.link(3, third.time(), third.previousHash(),
                JdbcAuditLogIT.event("r-3", "failed"));
        asSuperuser("SET session_replication_role = replica",
                "UPDATE audit_event SET result = 'failed', hash = '" + forged.hash() + "' WHERE sequence = 3");

        assertThat(firstBreak()).returns(4L, Break::sequence).returns(Problem.BROKEN_LINK, Break::problem);
    }

    @Test
    void aDeletedMiddleEventIsAGapAtItsSequence() throws SQLException {
        asSuperuser("SET session_replication_role = replica", "DELETE FROM audit_event WHERE sequence = 3");

        assertThat(firstBreak()).returns(3L, Break::sequence).returns(Problem.MISSING_EVENT, Break::problem);
    }

    @Test
    void aForgedRowAtTheEndWithAnInventedHashIsFound() throws SQLException {
        RecordedEvent real = HashChain.link(6, appended.get(4).time(), appended.get(4).hash(),
                JdbcAuditLogIT.event("r-6", "succeeded"));
        RecordedEvent forged = new RecordedEvent(6, real.time(), real.event(), real.previousHash(), "0".repeat(63) + "1");
        insert(forged);

        assertThat(firstBreak()).returns(6L, Break::sequence).returns(Problem.HASH_MISMATCH, Break::problem);
    }

    @Test
    void aForgedRowLinkedToTheWrongPredecessorIsFound() throws SQLException {
        insert(HashChain.link(6, appended.get(4).time(), appended.get(1).hash(), JdbcAuditLogIT.event("r-6", "succeeded")));

        assertThat(firstBreak()).returns(6L, Break::sequence).returns(Problem.BROKEN_LINK, Break::problem);
    }

    @Test
    void aForgedRowFarAheadLeavesAGap() throws SQLException {
        insert(HashChain.link(100, appended.get(4).time(), appended.get(4).hash(), JdbcAuditLogIT.event("r-6", "ok")));

        assertThat(firstBreak()).returns(6L, Break::sequence).returns(Problem.MISSING_EVENT, Break::problem);
    }

    @Test
    void aRowThatIsNoLongerAnEventIsUnreadableAtItsSequence() throws SQLException {
        asSuperuser("SET session_replication_role = replica",
                "UPDATE audit_event SET parameters = '[1, 2]' WHERE sequence = 4");

        assertThat(firstBreak()).returns(4L, Break::sequence).returns(Problem.UNREADABLE, Break::problem)
                .extracting(Break::detail).asString().contains("audit event 4 is malformed");
    }

    private void insert(RecordedEvent forged) throws SQLException {
        try (Connection c = test.connect(); PreparedStatement ps = c.prepareStatement(AuditEventRows.INSERT)) {
            AuditEventRows.bind(ps, forged);
            ps.executeUpdate();
        }
    }
}
