package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.approval.ApprovalDesk;
import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.approval.ApprovalStatus;
import dev.opsbook.approval.CastVote;
import dev.opsbook.approval.Decision;
import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.testing.RecordingAuditLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcApprovalStoreIT {
    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(T.plusSeconds(30), ZoneOffset.UTC);
    private final TestDatabase test = TestDatabase.create();

    private Database open() {
        return Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    }

    @AfterEach
    void drop() {
        test.close();
    }

    static ApprovalRequest request(int required) {
        return new ApprovalRequest("r-0000000001", "restore", "alice", required, List.of("bob", "carol", "@dba"), false,
                T, T.plus(Duration.ofMinutes(30)), ApprovalStatus.OPEN, List.of(), 0,
                java.util.Map.of("target", "db1", "token", "sha256:0123456789abcdef"), "ab".repeat(32));
    }

    @Test
    void votesFromTwoProcessesAtOnceBothCountAndDecide() throws Exception {
        try (Database a = open(); Database b = open()) {
            new JdbcRunStore(a.dataSource()).create(JdbcRunStoreIT.run("r-0000000001"));
            JdbcApprovalStore storeA = new JdbcApprovalStore(a.dataSource());
            storeA.open(request(2));
            RecordingAuditLog audit = new RecordingAuditLog();
            ApprovalPolicy policy = new ApprovalPolicy(Directory.EMPTY);
            ApprovalDesk deskA = new ApprovalDesk(storeA, policy, audit, CLOCK);
            ApprovalDesk deskB = new ApprovalDesk(new JdbcApprovalStore(b.dataSource()), policy, audit, CLOCK);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch go = new CountDownLatch(1);
            Future<ApprovalPolicy.Outcome> bob = pool.submit(() -> {
                go.await();
                return deskA.cast(new CastVote("r-0000000001", new Actor("cli", "bob", "Bob"), Decision.APPROVE, "", Optional.empty()));
            });
            Future<ApprovalPolicy.Outcome> carol = pool.submit(() -> {
                go.await();
                return deskB.cast(new CastVote("r-0000000001", new Actor("slack", "carol", "Carol"), Decision.APPROVE, "ok", Optional.empty()));
            });
            go.countDown();
            assertThat(bob.get().counted()).isTrue();
            assertThat(carol.get().counted()).isTrue();
            pool.shutdown();

            ApprovalRequest stored = storeA.find("r-0000000001", "restore").orElseThrow();
            assertThat(stored.status()).isEqualTo(ApprovalStatus.APPROVED);
            assertThat(stored.votes()).extracting(v -> v.voter().userId()).containsExactlyInAnyOrder("bob", "carol");
            assertThat(storeA.findOpen("r-0000000001")).isEmpty();
            assertThat(audit.actions()).containsExactly("approval.voted", "approval.voted");
        }
    }

    @Test
    void reopeningStartsAFreshRoundAndRoundTripsEveryField() {
        try (Database a = open()) {
            new JdbcRunStore(a.dataSource()).create(JdbcRunStoreIT.run("r-0000000001"));
            JdbcApprovalStore store = new JdbcApprovalStore(a.dataSource());
            store.open(request(1));
            ApprovalPolicy policy = new ApprovalPolicy(Directory.EMPTY);
            store.update("r-0000000001", "restore", r -> policy.vote(r,
                    new dev.opsbook.approval.ApprovalVote(new Actor("cli", "bob", "Bob"), Decision.REJECT, "no", T.plusSeconds(5)),
                    T.plusSeconds(5)).request().withEscalations(1));
            ApprovalRequest rejected = store.find("r-0000000001", "restore").orElseThrow();
            assertThat(rejected.status()).isEqualTo(ApprovalStatus.REJECTED);
            assertThat(rejected.escalations()).isEqualTo(1);
            assertThat(rejected.votes().getFirst().reason()).isEqualTo("no");
            store.open(request(1));
            assertThat(store.findOpen("r-0000000001")).contains(request(1));
        }
    }
}
