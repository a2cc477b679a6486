package dev.opsbook.approval;

import static dev.opsbook.testing.StepFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepState;
import dev.opsbook.runbook.ApprovalSettings;
import dev.opsbook.runbook.EscalationLevel;
import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run waiting for approvals while votes arrive (cast from the sleep hook, as another process would). */
class ApprovalFlowTest {
    static final Actor ALICE = new Actor("cli", "alice", "alice");

    @TempDir
    Path tmp;
    TestEngine engine;
    final List<Runnable> votes = new ArrayList<>();

    @BeforeEach
    void setUp() {
        engine = new TestEngine(tmp.resolve("runs"));
        engine.onSleep = () -> {
            if (!votes.isEmpty()) {
                votes.removeFirst().run();
            }
        };
    }

    Runbook runbook(Path marker) {
        return RunbookFixtures.runbook("db")
                .step(step("restore").kind(StepKind.RESTORE).approvals(2).code("touch " + marker).build())
                .build();
    }

    void vote(String who, Decision d) {
        votes.add(() -> engine.desk().cast(new CastVote(engine.runs.recent(1).getFirst().id().value(),
                new Actor("cli", who, who), d, d == Decision.REJECT ? "not during peak" : "", Optional.empty())));
    }

    Run start(Runbook rb) {
        return engine.executor().start(new StartRun(rb, "", RunTarget.procedure("procedure"), Map.of(), ALICE));
    }

    @Test
    void twoDistinctApproversLetTheStepRun() {
        Path marker = tmp.resolve("ran");
        vote("bob", Decision.APPROVE);
        vote("bob", Decision.APPROVE);
        vote("alice", Decision.APPROVE);
        vote("mallory", Decision.APPROVE);
        vote("carol", Decision.APPROVE);
        Run run = start(runbook(marker));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(marker).exists();
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.started running",
                "approval.requested restore waiting", "approval.voted restore approve", "approval.refused restore refused",
                "approval.refused restore refused", "approval.refused restore refused", "approval.voted restore approve",
                "step.started restore started", "step.finished restore succeeded", "run.finished succeeded");
        assertThat(engine.audit.events()).filteredOn(e -> e.action().equals("approval.refused"))
                .extracting(e -> e.details().get("reason")).containsExactly(
                        "duplicate: bob has already voted",
                        "self-approval: alice requested this run (the runbook does not set approval.allow_self_approval)",
                        "not an approver: mallory is not in bob, carol");
    }

    @Test
    void oneRejectionEndsTheRunRejectedAndNothingRuns() {
        Path marker = tmp.resolve("ran");
        vote("bob", Decision.APPROVE);
        vote("carol", Decision.REJECT);
        Run run = start(runbook(marker));
        assertThat(run.state()).isEqualTo(RunState.REJECTED);
        assertThat(run.message()).isEqualTo("step restore rejected: rejected by carol: not during peak");
        assertThat(run.step("restore").state()).isEqualTo(StepState.REJECTED);
        assertThat(marker).doesNotExist();
    }

    @Test
    void anUnansweredRequestExpiresAfterTheRunbooksExpiry() {
        Path marker = tmp.resolve("ran");
        Runbook rb = RunbookFixtures.runbook("db").approval(new ApprovalSettings(Duration.ofMinutes(5), false, true))
                .step(step("restore").kind(StepKind.RESTORE).approvals(1).code("touch " + marker).build()).build();
        Run run = start(rb);
        assertThat(run.state()).isEqualTo(RunState.EXPIRED);
        assertThat(run.message()).isEqualTo("step restore expired: approval expired after 5m with 0/1 approvals");
        assertThat(engine.sleeps).hasSize(300);
        assertThat(engine.audit.actions()).contains("approval.expired");
        assertThat(marker).doesNotExist();
        assertThatThrownBy(() -> engine.desk().cast(new CastVote(run.id().value(), new Actor("cli", "bob", "bob"),
                Decision.APPROVE, "", Optional.empty()))).hasMessage("run " + run.id() + " is not waiting for an approval");
        assertThat(engine.audit.summary().getLast()).isEqualTo("approval.refused refused");
    }

    @Test
    void aLongWaitEscalatesAlongTheChain() {
        Path marker = tmp.resolve("ran");
        Runbook base = runbook(marker);
        Runbook rb = new Runbook(base.path(), base.sha256(), base.id(), base.title(), base.service(), base.owners(),
                base.approvers(), base.runners(), base.impact(), base.tier(), base.rto(), base.rpo(), base.dataSources(),
                base.dependsOn(), List.of(new EscalationLevel(Person.of("lead"), Duration.ofMinutes(10)),
                new EscalationLevel(Person.of("director"), Duration.ofMinutes(20))), base.schedules(), base.links(),
                base.parameters(), base.secrets(), base.approval(), base.sections(), base.steps(), base.body());
        Run run = start(rb);
        assertThat(run.state()).isEqualTo(RunState.EXPIRED);
        assertThat(engine.notified).hasSize(2);
        assertThat(engine.notified.get(0)).startsWith("lead: run " + run.id() + " of db has waited since 2026-11-25T10:00:00Z");
        assertThat(engine.notified.get(1)).startsWith("director: ");
        assertThat(engine.listener.of(ExecutionEvent.ApprovalEscalated.class)).hasSize(2);
        assertThat(engine.audit.events()).filteredOn(e -> e.action().equals("approval.escalated"))
                .extracting(e -> e.details().get("notified")).containsExactly("lead", "director");
    }
}
