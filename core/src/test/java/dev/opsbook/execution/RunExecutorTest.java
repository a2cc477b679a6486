package dev.opsbook.execution;

import static dev.opsbook.testing.StepFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.runbook.ParameterType;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunExecutorTest {
    static final Actor ALICE = new Actor("cli", "alice", "alice");

    @TempDir
    Path tmp;
    TestEngine engine;

    @BeforeEach
    void setUp() {
        engine = new TestEngine(tmp.resolve("runs"));
    }

    private Run start(Runbook rb, String procedure, Map<String, String> params) {
        return engine.executor().start(new StartRun(rb, "", RunTarget.procedure(procedure), params, ALICE));
    }

    private List<String> stepStates(Run run) {
        return run.steps().stream().map(s -> s.stepId() + "=" + s.state().label()).toList();
    }

    @Test
    void runsStepsInRequiresOrderAndAuditsEverything() {
        String log = tmp.resolve("order").toString();
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("b").requires("c").code("echo b >> " + log).build())
                .step(step("a").code("echo a >> " + log).build())
                .step(step("c").code("echo c >> " + log).build())
                .build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.listener.of(ExecutionEvent.StepStarted.class)).extracting(e -> e.step().id())
                .containsExactly("a", "c", "b");
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.started running",
                "step.started a started", "step.finished a succeeded", "step.started c started", "step.finished c succeeded",
                "step.started b started", "step.finished b succeeded", "run.finished succeeded");
        assertThat(engine.runs.find(run.id())).get().extracting(Run::state).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.runs.isClaimed(run.id())).isFalse();
    }

    @Test
    void aFailedStepStopsTheRunAndItsRollbackRuns() {
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("restore").kind(StepKind.RESTORE).code("echo restoring; exit 4").rollback("undo").build())
                .step(step("after").code("true").build())
                .step(step("undo").kind(StepKind.ROLLBACK).code("echo undone").build())
                .build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(run.message()).isEqualTo("step restore failed: exit code 4; rolled back by step undo");
        assertThat(stepStates(run)).containsExactly("restore=rolled_back", "after=skipped", "undo=succeeded");
        assertThat(engine.listener.output()).containsExactly("restoring", "undone");
    }

    @Test
    void aFailingRollbackLeavesTheRunFailed() {
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("restore").kind(StepKind.RESTORE).code("exit 1").rollback("undo").build())
                .step(step("undo").kind(StepKind.ROLLBACK).code("exit 2").build())
                .build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).isEqualTo("step restore failed: exit code 1; rollback step undo failed: exit code 2");
    }

    @Test
    void aFailedValidationAfterARestoreRollsTheRestoreBack() {
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("restore").kind(StepKind.RESTORE).code("true").rollback("undo").build())
                .step(step("validate").kind(StepKind.VALIDATE).code("echo 0 rows; exit 1").build())
                .step(step("undo").kind(StepKind.ROLLBACK).code("true").build())
                .build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(stepStates(run)).containsExactly("restore=succeeded", "validate=rolled_back", "undo=succeeded");
    }

    @Test
    void retriesBackOffExponentially() {
        Path counter = tmp.resolve("count");
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("flaky").retries(3).code("echo x >> " + counter + "; [ $(wc -l < " + counter + ") -ge 3 ]").build())
                .build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(run.step("flaky").attempts()).isEqualTo(3);
        assertThat(engine.audit.summary()).filteredOn(s -> s.startsWith("step.")).containsExactly(
                "step.started flaky started", "step.finished flaky failed", "step.started flaky started",
                "step.finished flaky failed", "step.started flaky started", "step.finished flaky succeeded");
    }

    @Test
    void retriesStopAfterTheLastAttempt() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("bad").retries(2).code("exit 1").build()).build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.step("bad").attempts()).isEqualTo(3);
        assertThat(engine.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void whenTheAuditLogCannotRecordStepStartedTheProcessNeverStarts() {
        Path marker = tmp.resolve("ran");
        engine.audit.failWhen(e -> e.action().equals(AuditActions.STEP_STARTED));
        Runbook rb = RunbookFixtures.runbook("db").step(step("s").code("touch " + marker).build()).build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(marker).doesNotExist();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).startsWith("step s not started: the audit log could not record it");
        assertThat(run.step("s").state()).isEqualTo(StepState.FAILED);
    }

    @Test
    void aStepsOutcomeIsWrittenWithTheNextStepsStartAndTheRunsState() {
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("a").code("true").build()).step(step("b").code("true").build()).step(step("c").code("true").build())
                .build();
        List<String> savedWithStart = new java.util.ArrayList<>();
        engine.runs.onSaveWith = (run, events) -> savedWithStart.add(events.getLast().stepId().orElse("") + ":"
                + stepStates(run));
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.audit.batches()).containsSubsequence(List.of("step.started a"),
                List.of("step.finished a", "step.started b"), List.of("step.finished b", "step.started c"), List.of("step.finished c"));
        // the state stored with each start shows that step running and the one before it done
        assertThat(savedWithStart).contains("b:[a=succeeded, b=running, c=pending]", "c:[a=succeeded, b=succeeded, c=running]");
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.started running",
                "step.started a started", "step.finished a succeeded", "step.started b started", "step.finished b succeeded",
                "step.started c started", "step.finished c succeeded", "run.finished succeeded");
    }

    @Test
    void whenTheNextStartCannotBeRecordedTheHeldOutcomeIsStillRecordedBeforeTheRunEnds() {
        Path marker = tmp.resolve("b-ran");
        engine.audit.failWhen(e -> e.action().equals(AuditActions.STEP_STARTED) && e.stepId().equals(java.util.Optional.of("b")));
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("a").code("true").build()).step(step("b").code("touch " + marker).build()).build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(marker).doesNotExist();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.step("a").state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(run.step("b").state()).isEqualTo(StepState.FAILED);
        assertThat(run.step("b").startedAt()).as("b never ran").isEmpty();
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.started running",
                "step.started a started", "step.finished a succeeded", "run.finished failed");
    }

    @Test
    void whenTheAuditLogIsDownNothingStartsAtAll() {
        engine.audit.failWhen(e -> true);
        Runbook rb = RunbookFixtures.runbook("db").step(step("s").code("true").build()).build();
        assertThatThrownBy(() -> start(rb, "procedure", Map.of()))
                .isInstanceOf(dev.opsbook.audit.AuditWriteException.class);
        assertThat(engine.runs.recent(10)).isEmpty();
    }

    @Test
    void timeoutEndsTheRunTimedOut() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("slow").timeout(Duration.ofMillis(300)).code("sleep 30").build()).build();
        Run run = start(rb, "procedure", Map.of());
        assertThat(run.state()).isEqualTo(RunState.TIMED_OUT);
        assertThat(run.step("slow").state()).isEqualTo(StepState.TIMED_OUT);
    }

    @Test
    void parametersArriveAsEnvironmentAndSecretsAreRedactedEverywhere() {
        engine.secrets = name -> name.equals("db-password") ? java.util.Optional.of("pw-0123456") : java.util.Optional.empty();
        Runbook rb = RunbookFixtures.runbook("db").secret("db-password").secret("other")
                .parameter("target", ParameterType.STRING, null, false)
                .parameter("api-token", ParameterType.STRING, null, true)
                .step(step("show").secrets("db-password").code(
                        "echo \"t=$TARGET k=$API_TOKEN p=$DB_PASSWORD o=${OTHER:-none} r=$OPSBOOK_RUN_ID s=$OPSBOOK_SERVICE\"; "
                                + "[ \"$PWD\" = \"$OPSBOOK_WORKDIR\" ] && echo in-workdir; [ -z \"${OPSBOOK_DRY_RUN+x}\" ] && echo real").build())
                .build();
        Run run = start(rb, "procedure", Map.of("target", "orders", "api-token", "tok-abcdef"));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.listener.output()).containsExactly(
                "t=orders k=*** p=*** o=none r=" + run.id() + " s=demo-db", "in-workdir", "real");
        assertThat(run.parameters()).containsEntry("api-token", ParameterBinding.digest(run.id(), "api-token", "tok-abcdef"))
                .containsEntry("target", "orders");
        assertThat(run.parameters().get("api-token")).matches("sha256:[0-9a-f]{16}");
        for (AuditEvent e : engine.audit.events()) {
            assertThat(e.parameters().toString() + e.details()).doesNotContain("tok-abcdef", "pw-0123456");
        }
    }

    @Test
    void injectionCorpusAsParameterValuesRunsNothingInjected() throws Exception {
        Path marker = tmp.resolve("pwned");
        Runbook rb = RunbookFixtures.runbook("db").parameter("value", ParameterType.STRING, null, false)
                .step(step("echo").code("printf '%s' \"$VALUE\" > \"$OPSBOOK_WORKDIR/value\"; echo \"$VALUE\"").build()).build();
        List<String> corpus = List.of("$(touch " + marker + ")", "; rm -rf " + tmp.resolve("keep") + "; touch " + marker,
                "`touch " + marker + "`", "'\"; touch " + marker + " #", "line1\ntouch " + marker, "\\$(touch " + marker + ")",
                "x' ; touch '" + marker);
        Files.createDirectories(tmp.resolve("keep"));
        for (String value : corpus) {
            Run run = start(rb, "procedure", Map.of("value", value));
            assertThat(run.state()).as(value).isEqualTo(RunState.SUCCEEDED);
            Path out = engine.runsDir.resolve(run.id().value()).resolve("work/value");
            assertThat(Files.readString(out)).as(value).isEqualTo(value);
            assertThat(marker).as(value).doesNotExist();
            assertThat(tmp.resolve("keep")).exists();
        }
    }

    @Test
    void badParametersAreRefusedAndAudited() {
        Runbook rb = RunbookFixtures.runbook("db").parameter("port", ParameterType.INT, null, false)
                .step(step("s").build()).build();
        assertThatThrownBy(() -> start(rb, "procedure", Map.of("port", "80a")))
                .isInstanceOf(RunRefusedException.class).hasMessage("parameter port: \"80a\" is not an int");
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.refused refused");
        assertThat(engine.audit.events().get(1).details()).containsEntry("reason", "parameter port: \"80a\" is not an int");
    }

    @Test
    void nulInAParameterIsRefusedBeforeAnythingRuns() {
        Runbook rb = RunbookFixtures.runbook("db").parameter("name", ParameterType.STRING, null, false)
                .step(step("s").build()).build();
        assertThatThrownBy(() -> start(rb, "procedure", Map.of("name", "a\0; touch x")))
                .hasMessageContaining("parameter name: contains a NUL byte");
    }

    @Test
    void onlyRunnersMayRun() {
        Runbook rb = RunbookFixtures.runbook("db").runners("bob", "@dba").step(step("s").build()).build();
        assertThatThrownBy(() -> start(rb, "procedure", Map.of()))
                .hasMessage("not authorised: alice is not among the runners of db (bob, @dba)");
        assertThat(engine.audit.actions()).containsExactly("run.requested", "run.refused");
        engine.directory = dev.opsbook.approval.Directory.of(Map.of("dba", java.util.Set.of("alice")));
        assertThat(start(rb, "procedure", Map.of()).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void missingSecretsRefuseTheRun() {
        Runbook rb = RunbookFixtures.runbook("db").secret("pg-pass").step(step("s").secrets("pg-pass").build()).build();
        assertThatThrownBy(() -> start(rb, "procedure", Map.of()))
                .hasMessage("secret pg-pass not found: set OPSBOOK_SECRET_PG_PASS or put a file named pg-pass in the secrets directory");
    }

    @Test
    void aMutatingRunTakesTheServiceLockAndASecondGetsServiceBusy() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("backup").kind(StepKind.BACKUP).code("true").build()).build();
        var held = engine.locks.tryAcquire("demo-db", new RunId("r-other"), "bob");
        assertThat(held).isInstanceOf(ServiceLocks.Acquired.class);
        assertThatThrownBy(() -> start(rb, "procedure", Map.of()))
                .hasMessage("service busy: run r-other started by bob at 2026-11-25T10:00:00Z");
        ((ServiceLocks.Acquired) held).lock().close();
        assertThat(start(rb, "procedure", Map.of()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(((dev.opsbook.testing.FakeServiceLocks) engine.locks).isHeld("demo-db")).isFalse();
    }

    @Test
    void readOnlyRunsDoNotTakeTheLock() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("check").kind(StepKind.CHECK).code("true").build()).build();
        engine.locks.tryAcquire("demo-db", new RunId("r-other"), "bob");
        assertThat(start(rb, "procedure", Map.of()).state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void dryRunPlansWithoutRunning() {
        Path marker = tmp.resolve("ran");
        Runbook rb = RunbookFixtures.runbook("db").parameter("target", ParameterType.STRING, "x", false)
                .step(step("restore").kind(StepKind.RESTORE).approvals(2).code("touch " + marker).rollback("undo").build())
                .step(step("undo").kind(StepKind.ROLLBACK).code("true").build())
                .build();
        Plan plan = engine.executor().plan(rb, RunTarget.procedure("procedure"));
        assertThat(plan.steps()).extracting(s -> s.id()).containsExactly("restore");
        assertThat(plan.rollbacks()).extracting(s -> s.id()).containsExactly("undo");
        assertThat(plan.mutating()).isTrue();
        assertThat(plan.environmentNames()).startsWith("TARGET", "OPSBOOK_RUN_ID");
        assertThat(marker).doesNotExist();
        assertThat(engine.audit.events()).isEmpty();
        assertThatThrownBy(() -> engine.executor().plan(rb, RunTarget.procedure("nope")))
                .hasMessage("runbook db has no procedure \"nope\" (procedures: procedure)");
    }

    @Test
    void singleStepRunsJustThatStep() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("a").code("echo a").build())
                .step(step("b").requires("a").code("echo b").build()).build();
        Run run = engine.executor().start(new StartRun(rb, "", RunTarget.step("b"), Map.of(), ALICE));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(engine.listener.output()).containsExactly("b");
    }

    @Test
    void stepsThatCannotRunHereAreRefusedUpFront() {
        Runbook noApprovers = RunbookFixtures.runbook("db").approvers()
                .step(step("restore").kind(StepKind.RESTORE).approvals(1).build()).build();
        assertThatThrownBy(() -> start(noApprovers, "procedure", Map.of()))
                .hasMessage("step restore needs 1 approval(s), but runbook db lists no approvers: nobody could approve it;"
                        + " add approvers to the runbook's front matter (or set approval.allow_self_approval)");
        dev.opsbook.runbook.Step k8s = step("k").build();
        Runbook kube = RunbookFixtures.runbook("db").step(new dev.opsbook.runbook.Step(k8s.id(), k8s.kind(), k8s.language(),
                k8s.interpreter(), k8s.code(), k8s.timeout(), 0, 0, false, k8s.confirm(), k8s.rollback(), k8s.requires(),
                k8s.cwd(), k8s.secrets(), k8s.section(), Map.of("id", "k", "runner", "kubernetes"), k8s.position())).build();
        assertThatThrownBy(() -> start(kube, "procedure", Map.of()))
                .hasMessage("step k uses runner=kubernetes, which this opsbook cannot run (only local)");
    }

    @Test
    void aStepWithConfirmRunsOnlyWhenTheRunnerTypesTheText() {
        Path marker = tmp.resolve("restored");
        Runbook rb = RunbookFixtures.runbook("db")
                .step(step("restore").kind(StepKind.RESTORE).confirm("orders").code("touch " + marker).build()).build();
        Run refused = start(rb, "procedure", Map.of());
        assertThat(refused.state()).isEqualTo(RunState.CANCELLED);
        assertThat(refused.message()).isEqualTo("step restore cancelled: not confirmed: the runner did not type \"orders\"");
        assertThat(marker).doesNotExist();

        List<String> asked = new java.util.ArrayList<>();
        engine.confirmation = (run, s, text) -> {
            asked.add(s.id() + ":" + text);
            return true;
        };
        assertThat(start(rb, "procedure", Map.of()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(asked).containsExactly("restore:orders");
        assertThat(marker).exists();
    }

    @Test
    void requiresCyclesAreRefused() {
        Runbook rb = RunbookFixtures.runbook("db").step(step("a").requires("b").build())
                .step(step("b").requires("a").build()).build();
        assertThatThrownBy(() -> start(rb, "procedure", Map.of()))
                .hasMessage("steps a, b require each other in a cycle; fix their requires= attributes");
    }

    @Test
    void theRunDirectoryIsPrivateAndStepLogsAreKept() throws Exception {
        Runbook rb = RunbookFixtures.runbook("db").step(step("s").code("echo logged").build()).build();
        Run run = start(rb, "procedure", Map.of());
        Path runDir = engine.runsDir.resolve(run.id().value());
        assertThat(Files.getPosixFilePermissions(runDir)).hasSize(3);
        assertThat(Files.readString(runDir.resolve("logs/s.log"))).isEqualTo("logged\n");
    }
}
