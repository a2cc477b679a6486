package dev.opsbook.approval;

import static dev.opsbook.testing.StepFixture.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StandingApproval;
import dev.opsbook.execution.StartRun;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.SourcePosition;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the failover controller starts with a standing approval ({@code automatic: true}) and who may not. */
class StandingApprovalTest {
    static final StandingApproval AUTOMATIC = new StandingApproval("runbook policy", "failover.automatic: true");

    @TempDir
    Path tmp;

    Runbook runbook(Path marker, boolean withFailover) {
        Runbook base = RunbookFixtures.runbook("api").runners("alice")
                .step(step("switch").kind(StepKind.FAILOVER).approvals(1).code("touch " + marker).build()).build();
        if (!withFailover) {
            return base;
        }
        FailoverPolicy policy = new FailoverPolicy("procedure", true, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(10), new FailoverPolicy.Criteria(0.8, Duration.ofMinutes(1), 0),
                new FailoverPolicy.Criteria(1, Duration.ofMinutes(1), 0), Duration.ofMinutes(5), 1,
                List.of(new ProbeSpec.Tcp("p", "127.0.0.1", 1, Duration.ofSeconds(1), SourcePosition.START)),
                Optional.empty(), SourcePosition.START);
        return new Runbook(base.path(), base.sha256(), base.id(), base.title(), base.service(), base.owners(), base.approvers(),
                base.runners(), base.impact(), base.tier(), base.rto(), base.rpo(), base.dataSources(), base.dependsOn(),
                base.escalation(), base.schedules(), base.links(), base.parameters(), base.secrets(), base.approval(),
                base.sections(), base.steps(), base.body(), base.drill(), Optional.of(policy));
    }

    @Test
    void theControllerRunsAnApprovalStepWithoutVotesAndTheWaiverIsAudited() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        Path marker = tmp.resolve("switched");
        Run run = engine.executor().start(new StartRun(runbook(marker, true), "", RunTarget.procedure("procedure"), Map.of(),
                StandingApproval.CONTROLLER, Optional.empty(), Optional.of(AUTOMATIC)));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(marker).exists();
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.started running",
                "failover.approved switch approved", "step.started switch started", "step.finished switch succeeded",
                "run.finished succeeded");
        assertThat(engine.audit.events()).filteredOn(e -> e.action().equals("failover.approved")).singleElement()
                .satisfies(e -> {
                    assertThat(e.actor()).isEqualTo(StandingApproval.CONTROLLER);
                    assertThat(e.details()).containsEntry("reason", "failover.automatic: true").containsEntry("granted_by", "runbook policy");
                });
    }

    @Test
    void nobodyElseMayCarryAStandingApproval() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        Path marker = tmp.resolve("switched");
        assertThatThrownBy(() -> engine.executor().start(new StartRun(runbook(marker, true), "", RunTarget.procedure("procedure"),
                Map.of(), new Actor("cli", "alice", "alice"), Optional.empty(), Optional.of(AUTOMATIC))))
                .isInstanceOf(RunRefusedException.class).hasMessageContaining("only the failover controller");
        assertThat(marker).doesNotExist();
    }

    @Test
    void theControllerMayNotRunARunbookWithoutAFailoverBlock() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        assertThatThrownBy(() -> engine.executor().start(new StartRun(runbook(tmp.resolve("x"), false), "",
                RunTarget.procedure("procedure"), Map.of(), StandingApproval.CONTROLLER, Optional.empty(), Optional.of(AUTOMATIC))))
                .isInstanceOf(RunRefusedException.class).hasMessageContaining("only run runbooks with a failover: block");
    }
}
