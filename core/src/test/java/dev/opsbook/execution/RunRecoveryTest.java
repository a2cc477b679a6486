package dev.opsbook.execution;

import static dev.opsbook.testing.StepFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.approval.CastVote;
import dev.opsbook.approval.Decision;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecoveryTest {
    static final Actor ALICE = new Actor("cli", "alice", "alice");
    @TempDir
    Path tmp;
    TestEngine engine;

    @BeforeEach
    void setUp() {
        engine = new TestEngine(tmp.resolve("runs"));
    }

    /** A run as a crashed process leaves it: step one done, step two running, no claim. */
    Run crashed(Runbook rb, String runningStep) {
        List<StepExecution> steps = rb.steps().stream().map(s -> StepExecution.pending(s.id())).toList();
        Run run = new Run(new RunId("r-crashed01"), new RunbookRef(rb.id(), rb.sha256(), ""), rb.path(), rb.service(),
                RunTarget.procedure("procedure"), ALICE, Map.of(), steps, Instant.parse("2026-11-25T09:00:00Z"),
                RunState.PENDING, Optional.empty(), "");
        run.moveTo(RunState.RUNNING, engine.clock.instant(), "");
        for (StepExecution s : steps) {
            s.moveTo(StepState.RUNNING, engine.clock.instant());
            if (s.stepId().equals(runningStep)) {
                break;
            }
            s.moveTo(StepState.SUCCEEDED, engine.clock.instant());
        }
        engine.runs.create(run);
        return run;
    }

    RunRecovery recovery() {
        return new RunRecovery(engine.runs, engine.approvals, engine.audit, engine.clock, engine.runsDir);
    }

    @Test
    void orphanedRunsAreMarkedInterruptedAndAudited() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("one").build()).step(step("two").build()).build();
        crashed(rb, "two");
        List<Run> marked = recovery().recover();
        assertThat(marked).hasSize(1);
        Run run = marked.getFirst();
        assertThat(run.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(run.step("one").state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(run.step("two").state()).isEqualTo(StepState.INTERRUPTED);
        assertThat(engine.audit.summary()).containsExactly("run.interrupted interrupted");
        assertThat(engine.audit.events().getFirst().actor()).isEqualTo(Actor.SYSTEM);
        assertThat(recovery().recover()).isEmpty();
    }

    @Test
    void aShellStartedAheadOfAnUnrecordedStartIsKilled() throws Exception {
        // opsbook died while recording step two's start: the step is still pending, its shell waits for its script
        Runbook rb = RunbookFixtures.runbook("db").step(step("one").build()).step(step("two").build()).build();
        Run run = crashed(rb, "one");
        run.step("one").moveTo(StepState.SUCCEEDED, engine.clock.instant());
        engine.runs.save(run);
        Path scripts = engine.runsDir.resolve(run.id().value()).resolve("scripts");
        java.nio.file.Files.createDirectories(scripts);
        Process waiting = ProcessStarter.best().start(List.of("sleep", "300"), tmp, Map.of("PATH", System.getenv("PATH")));
        LeftoverProcesses.remember(scripts, "two", waiting.pid());
        try {
            recovery().recover();
            assertThat(waiting.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("the waiting shell was killed").isTrue();
        } finally {
            waiting.destroyForcibly();
            waiting.getInputStream().close();
        }
    }

    @Test
    void aRunWhoseOwnerIsAliveIsLeftAlone() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("one").build()).build();
        Run run = crashed(rb, "one");
        try (RunStore.RunClaim claim = engine.runs.claim(run.id())) {
            assertThat(recovery().recover()).isEmpty();
        }
    }

    @Test
    void resumeReRunsAnIdempotentStepByItselfAndSkipsFinishedOnes() {
        Path log = tmp.resolve("log");
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("one").code("echo one >> " + log).build())
                .step(step("two").idempotent().code("echo two >> " + log).build())
                .build();
        crashed(rb, "two");
        recovery().recover();
        Run run = engine.executor().resume(new ResumeRun(new RunId("r-crashed01"), rb, Map.of(), ALICE));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.listener.output()).isEmpty();
        assertThat(engine.audit.actions()).containsExactly("run.interrupted", "run.resumed", "step.started",
                "step.finished", "run.finished");
        assertThat(log).hasContent("two");
    }

    @Test
    void resumeOfANonIdempotentStepNeedsAFreshApproval() {
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("restore").kind(StepKind.RESTORE).code("true").build())
                .build();
        crashed(rb, "restore");
        recovery().recover();
        engine.onSleep = () -> engine.desk().cast(new CastVote("r-crashed01", new Actor("cli", "bob", "bob"),
                Decision.APPROVE, "", Optional.empty()));
        Run run = engine.executor().resume(new ResumeRun(new RunId("r-crashed01"), rb, Map.of(), ALICE));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.audit.actions()).containsSubsequence("run.resumed", "approval.requested", "approval.voted",
                "step.started", "step.finished", "run.finished");
    }

    @Test
    void onlyInterruptedRunsOfTheSameRunbookResume() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("one").build()).build();
        crashed(rb, "one");
        assertThatThrownBy(() -> engine.executor().resume(new ResumeRun(new RunId("r-crashed01"), rb, Map.of(), ALICE)))
                .hasMessage("run r-crashed01 is running; only interrupted runs can be resumed");
        recovery().recover();
        Runbook changed = RunbookFixtures.runbook("db").step(step("one").build()).build();
        Runbook other = new Runbook(changed.path(), "f".repeat(64), changed.id(), changed.title(), changed.service(),
                changed.owners(), changed.approvers(), changed.runners(), changed.impact(), changed.tier(), changed.rto(),
                changed.rpo(), changed.dataSources(), changed.dependsOn(), changed.escalation(), changed.schedules(),
                changed.links(), changed.parameters(), changed.secrets(), changed.approval(), changed.sections(),
                changed.steps(), changed.body());
        assertThatThrownBy(() -> engine.executor().resume(new ResumeRun(new RunId("r-crashed01"), other, Map.of(), ALICE)))
                .hasMessage("runbook db changed since run r-crashed01 started (SHA-256 differs); start a new run instead");
        assertThat(engine.audit.actions()).endsWith("run.refused");
    }
}
