package dev.opsbook.execution;

import static dev.opsbook.testing.StepFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.approval.CastVote;
import dev.opsbook.approval.Decision;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.runbook.ApprovalSettings;
import dev.opsbook.runbook.ParameterType;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18, holes 1 and 2: approvals bind to the values that run; approvals nobody can give are refused up front. */
class ResumeBindingTest {
    static final Actor ALICE = new Actor("cli", "alice", "alice");
    static final RunId ID = new RunId("r-crashed02");
    @TempDir
    Path tmp;
    TestEngine engine;

    @BeforeEach
    void setUp() {
        engine = new TestEngine(tmp.resolve("runs"));
    }

    /** A run a dead process left with step one done and {@code runningStep} running, started with {@code params}. */
    Run crashed(Runbook rb, String runningStep, Map<String, String> params) {
        List<StepExecution> steps = rb.steps().stream().map(s -> StepExecution.pending(s.id())).toList();
        Run run = new Run(ID, new RunbookRef(rb.id(), rb.sha256(), ""), rb.path(), rb.service(),
                RunTarget.procedure("procedure"), ALICE, ParameterBinding.of(rb.parameters(), ID, params), steps,
                Instant.parse("2026-11-25T09:00:00Z"), RunState.PENDING, Optional.empty(), "");
        run.moveTo(RunState.RUNNING, engine.clock.instant(), "");
        for (StepExecution s : steps) {
            s.moveTo(StepState.RUNNING, engine.clock.instant());
            if (s.stepId().equals(runningStep)) {
                break;
            }
            s.moveTo(StepState.SUCCEEDED, engine.clock.instant());
        }
        engine.runs.create(run);
        new RunRecovery(engine.runs, engine.approvals, engine.audit, engine.clock, engine.runsDir).recover();
        return run;
    }

    Runbook counterRunbook(Path out) {
        return RunbookFixtures.runbook("db")
                .parameter("counter", ParameterType.STRING, null, false)
                .parameter("token", ParameterType.STRING, null, true)
                .step(step("one").code("true").build())
                .step(step("two").kind(StepKind.BACKUP).idempotent().code("echo \"$COUNTER\" > " + out).build())
                .build();
    }

    @Test
    void resumeWithOtherParametersIsAuditedRecordedAndApprovedAgainForTheNewValues() throws Exception {
        Path out = tmp.resolve("out");
        Runbook rb = counterRunbook(out);
        crashed(rb, "two", Map.of("counter", "first-file", "token", "tok-old-1234"));
        engine.onSleep = () -> engine.desk().cast(new CastVote(ID.value(), new Actor("cli", "bob", "bob"),
                Decision.APPROVE, "", Optional.empty()));

        Run run = engine.executor().resume(new ResumeRun(ID, rb, Map.of("counter", "other-file", "token", "tok-new-5678"), ALICE));

        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(Files.readString(out).strip()).isEqualTo("other-file");
        String oldToken = ParameterBinding.digest(ID, "token", "tok-old-1234");
        String newToken = ParameterBinding.digest(ID, "token", "tok-new-5678");
        // the run records the values that ran
        assertThat(engine.runs.find(ID).orElseThrow().parameters()).containsEntry("counter", "other-file")
                .containsEntry("token", newToken);
        // the change is audited before anything ran with it, old -> new, secrets as digests
        assertThat(engine.audit.actions()).containsSubsequence("run.interrupted", AuditActions.RUN_PARAMETERS_CHANGED,
                "run.resumed", "approval.requested", "approval.voted", "step.started", "step.finished", "run.finished");
        AuditEvent changed = engine.audit.events().stream()
                .filter(e -> e.action().equals(AuditActions.RUN_PARAMETERS_CHANGED)).findFirst().orElseThrow();
        assertThat(changed.details()).containsEntry("changed.counter", "first-file → other-file")
                .containsEntry("changed.token", oldToken + " → " + newToken);
        assertThat(changed.parameters()).containsEntry("counter", "other-file");
        // the idempotent step was approved for the old values: it is asked again, for the new ones
        ApprovalRequest request = engine.approvals.find(ID.value(), "two").orElseThrow();
        assertThat(request.parameters()).containsEntry("counter", "other-file").containsEntry("token", newToken);
        assertThat(request.runbookSha256()).isEqualTo(rb.sha256());
        AuditEvent asked = engine.audit.events().stream()
                .filter(e -> e.action().equals(AuditActions.APPROVAL_REQUESTED)).findFirst().orElseThrow();
        assertThat(asked.parameters()).containsEntry("counter", "other-file");
        assertThat(asked.details().get("approves")).contains("counter=other-file", "token=" + newToken, rb.sha256());
        for (AuditEvent e : engine.audit.events()) {
            assertThat(e.parameters().toString() + e.details()).doesNotContain("tok-old-1234", "tok-new-5678");
        }
        for (AuditEvent e : engine.audit.events().subList(engine.audit.actions().indexOf("run.resumed"), engine.audit.events().size())) {
            assertThat(e.parameters()).as(e.action()).containsEntry("counter", "other-file");
        }
    }

    @Test
    void resumeWithTheSameValuesChangesNothingAndAnIdempotentStepRunsByItself() {
        Path out = tmp.resolve("out");
        Runbook rb = counterRunbook(out);
        crashed(rb, "two", Map.of("counter", "first-file", "token", "tok-1"));
        Run run = engine.executor().resume(new ResumeRun(ID, rb, Map.of("token", "tok-1"), ALICE));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.audit.actions()).doesNotContain(AuditActions.RUN_PARAMETERS_CHANGED, "approval.requested");
    }

    @Test
    void resumeThatNeedsAnApprovalNobodyCanGiveIsRefusedBeforeAnythingRuns() {
        Path marker = tmp.resolve("ran");
        Runbook rb = RunbookFixtures.runbook("db").approvers()
                .step(step("restore").kind(StepKind.RESTORE).code("touch " + marker).build())
                .build();
        crashed(rb, "restore", Map.of());
        assertThatThrownBy(() -> engine.executor().resume(new ResumeRun(ID, rb, Map.of(), ALICE)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("step restore was interrupted and is not idempotent, so resuming it needs a fresh approval,"
                        + " but runbook db lists no approvers: nobody could approve it")
                .hasMessageContaining("mark the step idempotent=true");
        assertThat(marker).doesNotExist();
        assertThat(engine.audit.actions()).containsExactly("run.interrupted", "run.refused");
        assertThat(engine.runs.find(ID).orElseThrow().state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(engine.sleeps).isEmpty();
    }

    @Test
    void aRunWhoseOnlyApproverIsItsRequesterIsRefusedUpFront() {
        Runbook rb = RunbookFixtures.runbook("db").approvers("alice", "bob")
                .step(step("restore").kind(StepKind.RESTORE).approvals(2).code("true").build())
                .build();
        assertThatThrownBy(() -> engine.executor().start(new StartRun(rb, "", RunTarget.procedure("procedure"), Map.of(), ALICE)))
                .hasMessage("step restore needs 2 approval(s), but only 1 listed approver(s) other than the requester alice can"
                        + " give them (alice, bob): nobody could approve it; add approvers to the runbook's front matter"
                        + " (or set approval.allow_self_approval)");
        assertThat(engine.audit.actions()).containsExactly("run.requested", "run.refused");
        Runbook selfAllowed = RunbookFixtures.runbook("db").approvers("alice", "bob")
                .approval(new ApprovalSettings(Duration.ofMinutes(30), true, true))
                .step(step("restore").kind(StepKind.RESTORE).approvals(2).code("true").build())
                .build();
        engine.onSleep = () -> {
            engine.desk().cast(new CastVote(engine.runs.recent(1).getFirst().id().value(), ALICE, Decision.APPROVE, "", Optional.empty()));
            engine.desk().cast(new CastVote(engine.runs.recent(1).getFirst().id().value(), new Actor("cli", "bob", "bob"),
                    Decision.APPROVE, "", Optional.empty()));
        };
        Run run = engine.executor().start(new StartRun(selfAllowed, "", RunTarget.procedure("procedure"), Map.of(), ALICE));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    }
}
