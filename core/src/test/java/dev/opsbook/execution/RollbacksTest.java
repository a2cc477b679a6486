package dev.opsbook.execution;

import static dev.opsbook.testing.StepFixture.step;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling back a finished run: which steps undo it, in which order, and that the engine runs and audits them. */
class RollbacksTest {
    static final Actor ALICE = new Actor("web", "alice", "alice (dashboard)");

    @TempDir
    Path tmp;
    TestEngine engine;
    Path log;

    @BeforeEach
    void setUp() {
        engine = new TestEngine(tmp.resolve("runs"));
        log = tmp.resolve("log");
    }

    private Runbook runbook(String secondCode) {
        return RunbookFixtures.runbook("db")
                .step(step("backup").kind(StepKind.BACKUP).code("echo backup >> " + log).rollback("drop-backup").build())
                .step(step("restore").kind(StepKind.RESTORE).code(secondCode).rollback("undo-restore").build())
                .step(step("check").kind(StepKind.CHECK).code("true").build())
                .step(step("drop-backup").kind(StepKind.ROLLBACK).code("echo drop-backup >> " + log).build())
                .step(step("undo-restore").kind(StepKind.ROLLBACK).code("echo undo-restore >> " + log).build())
                .build();
    }

    private Run start(Runbook rb, RunTarget target) {
        return engine.executor().start(new StartRun(rb, "", target, Map.of(), ALICE));
    }

    @Test
    void aSucceededRunIsUndoneByTheRollbacksOfItsStepsLatestFirst() throws Exception {
        Runbook rb = runbook("echo restore >> " + log);
        Run done = start(rb, RunTarget.procedure("procedure"));
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(Rollbacks.refusal(done, rb)).isEmpty();

        RunTarget target = Rollbacks.of(done, rb).orElseThrow();
        assertThat(target.rollback().orElseThrow().steps()).containsExactly("undo-restore", "drop-backup");
        Run rollback = start(rb, target);

        assertThat(rollback.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(rollback.steps()).extracting(StepExecution::stepId).containsExactly("undo-restore", "drop-backup");
        assertThat(Files.readAllLines(log)).containsExactly("backup", "restore", "undo-restore", "drop-backup");
        assertThat(engine.audit.events()).anyMatch(e -> e.action().equals("run.started")
                && done.id().value().equals(e.details().get("rollback_of")));
        assertThat(Rollbacks.refusal(rollback, rb)).contains("run " + rollback.id() + " is itself a roll-back");
    }

    @Test
    void aStepThatWasAlreadyRolledBackIsNotUndoneTwice() {
        Runbook rb = runbook("exit 3");
        Run failed = start(rb, RunTarget.procedure("procedure"));
        assertThat(failed.state()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(Rollbacks.of(failed, rb).orElseThrow().rollback().orElseThrow().steps()).containsExactly("drop-backup");
    }

    @Test
    void refusesRunsThatAreNotFinishedOrHaveNothingToUndo() {
        Runbook rb = runbook("true");
        Run running = new Run(RunId.random(), new dev.opsbook.audit.RunbookRef("db", "x", ""), "db.md", "db",
                RunTarget.procedure("procedure"), ALICE, Map.of(), List.of(StepExecution.pending("backup")),
                java.time.Instant.EPOCH, RunState.RUNNING, java.util.Optional.empty(), "");
        assertThat(Rollbacks.refusal(running, rb)).hasValueSatisfying(r -> assertThat(r).contains("only a finished run"));

        Run onlyCheck = start(rb, RunTarget.step("check"));
        assertThat(Rollbacks.refusal(onlyCheck, rb)).hasValueSatisfying(r -> assertThat(r)
                .contains("no succeeded step of run " + onlyCheck.id() + " has a rollback step"));
        assertThat(Rollbacks.of(onlyCheck, rb)).isEmpty();
    }
}
