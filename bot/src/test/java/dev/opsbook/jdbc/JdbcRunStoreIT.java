package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunStore;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.execution.StepState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JdbcRunStoreIT {
    static final Instant T = Instant.parse("2026-11-25T10:00:00Z");
    private final TestDatabase test = TestDatabase.create();
    private final Database db = open();

    private Database open() {
        return Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    }

    @AfterEach
    void drop() {
        db.close();
        test.close();
    }

    static Run run(String id) {
        return new Run(new RunId(id), new RunbookRef("orders-db", "a".repeat(64), "abc123"), "runbooks/orders-db.md",
                "orders-db", RunTarget.procedure("restore"), new Actor("cli", "alice", "Alice"),
                Map.of("target", "orders", "token", "***"),
                List.of(StepExecution.pending("fetch"), StepExecution.pending("restore")), T, RunState.PENDING,
                Optional.empty(), "");
    }

    @Test
    void storesAndReadsBackARunWithItsSteps() {
        JdbcRunStore store = new JdbcRunStore(db.dataSource());
        Run run = run("r-0000000001");
        store.create(run);
        run.moveTo(RunState.RUNNING, T, "");
        run.step("fetch").moveTo(StepState.RUNNING, T.plusSeconds(1));
        run.step("fetch").moveTo(StepState.FAILED, T.plusSeconds(2));
        run.moveTo(RunState.FAILED, T.plusSeconds(3), "step fetch failed: exit code 2");
        store.save(run);

        Run back = store.find(run.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(RunState.FAILED);
        assertThat(back.message()).isEqualTo("step fetch failed: exit code 2");
        assertThat(back.finishedAt()).contains(T.plusSeconds(3));
        assertThat(back.parameters()).isEqualTo(Map.of("target", "orders", "token", "***"));
        assertThat(back.requester()).isEqualTo(new Actor("cli", "alice", "Alice"));
        assertThat(back.runbook()).isEqualTo(run.runbook());
        assertThat(back.target()).isEqualTo(RunTarget.procedure("restore"));
        assertThat(back.steps()).extracting(s -> s.stepId() + "=" + s.state().label())
                .containsExactly("fetch=failed", "restore=pending");
        assertThat(back.step("fetch").startedAt()).contains(T.plusSeconds(1));
        assertThat(store.recent(10)).extracting(Run::id).containsExactly(run.id());
        assertThat(store.find(new RunId("r-missing"))).isEmpty();
    }

    private static dev.opsbook.audit.AuditEvent event(String runId, String action, String step) {
        return new dev.opsbook.audit.AuditEvent(new Actor("cli", "alice", "Alice"), action, Optional.of(runId), Optional.of(step),
                Optional.empty(), Map.of(), "started", Optional.empty(), Optional.empty(), Map.of());
    }

    @Test
    void eventsAndStateAreWrittenInOneTransactionOrNotAtAll() {
        JdbcRunStore store = new JdbcRunStore(db.dataSource());
        try (JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), java.time.Clock.systemUTC())) {
            Run run = run("r-0000000007");
            store.create(run);
            run.moveTo(RunState.RUNNING, T, "");
            run.step("fetch").moveTo(StepState.RUNNING, T.plusSeconds(1));
            var recorded = store.saveWith(run, audit, List.of(event("r-0000000007", "step.finished", "x"),
                    event("r-0000000007", "step.started", "fetch")));
            assertThat(recorded).extracting(r -> r.event().action()).containsExactly("step.finished", "step.started");
            assertThat(store.find(run.id()).orElseThrow().step("fetch").state()).isEqualTo(StepState.RUNNING);
            assertThat(audit.head().sequence()).isEqualTo(2);

            // a run that is not stored: its state cannot be saved, so its events are not recorded either
            Run missing = run("r-0000000008");
            assertThatThrownBy(() -> store.saveWith(missing, audit, List.of(event("r-0000000008", "step.started", "fetch"))))
                    .isInstanceOf(dev.opsbook.audit.AuditWriteException.class);
            assertThat(audit.head().sequence()).isEqualTo(2);
            List<String> actions = new java.util.ArrayList<>();
            audit.read(1, e -> actions.add(e.event().action() + " " + e.event().runId().orElse("")));
            assertThat(actions).containsExactly("step.finished r-0000000007", "step.started r-0000000007");
        }
    }

    @Test
    void aStateRefusedInsideTheOneRoundTripAppendLeavesNeitherEventsNorState() throws Exception {
        JdbcRunStore store = new JdbcRunStore(db.dataSource());
        try (JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), java.time.Clock.systemUTC());
             var c = test.connect(); var s = c.createStatement()) {
            s.execute("ALTER TABLE step_execution ADD CONSTRAINT no_failures CHECK (state <> 'failed')");
            Run run = run("r-0000000010");
            store.create(run);
            run.moveTo(RunState.RUNNING, T, "");
            run.step("fetch").moveTo(StepState.RUNNING, T.plusSeconds(1));
            store.saveWith(run, audit, List.of(event("r-0000000010", "step.started", "fetch"))); // the writer knows its head now
            run.step("fetch").moveTo(StepState.FAILED, T.plusSeconds(2)); // a step update only: pipelined

            assertThatThrownBy(() -> store.saveWith(run, audit, List.of(event("r-0000000010", "step.finished", "fetch"))))
                    .isInstanceOf(dev.opsbook.audit.AuditWriteException.class)
                    .hasMessageContaining("no_failures");
            assertThat(audit.head().sequence()).isEqualTo(1);
            assertThat(store.find(run.id()).orElseThrow().step("fetch").state()).isEqualTo(StepState.RUNNING);

            s.execute("ALTER TABLE step_execution DROP CONSTRAINT no_failures");
            store.saveWith(run, audit, List.of(event("r-0000000010", "step.finished", "fetch")));
            assertThat(audit.head().sequence()).isEqualTo(2);
            assertThat(store.find(run.id()).orElseThrow().step("fetch").state()).isEqualTo(StepState.FAILED);
            assertThat(dev.opsbook.audit.AuditVerifier.verify(audit).intact()).isTrue();
        }
    }

    @Test
    void aResumeWithOtherValuesReplacesTheStoredParameters() {
        JdbcRunStore store = new JdbcRunStore(db.dataSource());
        Run run = run("r-0000000009");
        store.create(run);
        run.rebind(java.util.Map.of("target", "billing", "token", "sha256:0123456789abcdef"));
        store.saveParameters(run);
        assertThat(store.find(run.id()).orElseThrow().parameters())
                .isEqualTo(java.util.Map.of("target", "billing", "token", "sha256:0123456789abcdef"));
    }

    @Test
    void aClaimedRunIsNotOrphanedUntilItsOwnersSessionEnds() throws InterruptedException {
        JdbcRunStore store = new JdbcRunStore(db.dataSource());
        Run run = run("r-0000000002");
        store.create(run);
        assertThat(store.orphaned()).extracting(Run::id).containsExactly(run.id());

        try (Database owner = open()) { // another process: its own pool, its own sessions
            RunStore.RunClaim claim = new JdbcRunStore(owner.dataSource()).claim(run.id());
            assertThat(store.orphaned()).isEmpty();
            assertThatThrownBy(() -> store.claim(run.id()))
                    .hasMessage("run r-0000000002 is being driven by another live opsbook process");
            // the owner "dies": its pool closes without releasing the claim
        }
        // PostgreSQL drops a session's advisory locks when its backend exits, a moment after the client hung up
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (store.orphaned().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.orphaned()).extracting(Run::id).containsExactly(run.id());
        try (RunStore.RunClaim mine = store.claim(run.id())) {
            assertThat(mine).isNotNull();
        }
        run.moveTo(RunState.RUNNING, T, "");
        run.moveTo(RunState.SUCCEEDED, T, "");
        store.save(run);
        assertThat(store.orphaned()).isEmpty();
    }
}
