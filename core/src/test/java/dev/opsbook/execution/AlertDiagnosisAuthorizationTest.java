package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.testing.TestEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsbook:alertmanager} runs a diagnosis unattended only when the reviewed runbook names alerts and every
 * step of the plan is read-only; a procedure with a mutating step (or a mutating rollback) is refused and audited.
 */
class AlertDiagnosisAuthorizationTest {
    @TempDir
    Path tmp;

    static Runbook runbook(String frontMatter, String body) {
        String md = "---\nid: orders-db\ntitle: Orders\nservice: orders\nowners: [alice]\nrunners: [alice]\n" + frontMatter
                + "---\n" + body;
        return RunbookParser.parse("orders-db.md", md.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();
    }

    static final String READ_ONLY = "## Diagnose\n\n```bash {#look kind=check}\necho looking\n```\n";
    static final String MUTATING = "## Diagnose\n\n```bash {#look kind=check}\necho looking\n```\n\n"
            + "```bash {#restart kind=shell}\necho restarting\n```\n";

    @Test
    void aReadOnlyDiagnosisOfARunbookThatNamesTheAlertRuns() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        Run run = engine.executor().start(new StartRun(runbook("alerts: [OrdersDbDown]\n", READ_ONLY), "",
                RunTarget.procedure("diagnose"), Map.of(), Actor.ALERTMANAGER));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aDiagnosisWithAMutatingStepIsRefusedToAutoRun() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        assertThatThrownBy(() -> engine.executor().start(new StartRun(runbook("alerts: [OrdersDbDown]\n", MUTATING), "",
                RunTarget.procedure("diagnose"), Map.of(), Actor.ALERTMANAGER)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("opsbook:alertmanager runs only read-only procedures, and step restart is kind=shell");
        assertThat(engine.audit.summary()).containsExactly("run.requested requested", "run.refused refused");
        assertThat(engine.audit.events().getLast().actor()).isEqualTo(Actor.ALERTMANAGER);
    }

    @Test
    void theSameProcedureRunsForAPersonWhoIsARunner() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        Run run = engine.executor().start(new StartRun(runbook("alerts: [OrdersDbDown]\n", MUTATING), "",
                RunTarget.procedure("diagnose"), Map.of(), new Actor("cli", "alice", "alice")));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void aRunbookThatNamesNoAlertsIsNotRunByTheAlertActor() {
        TestEngine engine = new TestEngine(tmp.resolve("runs"));
        assertThatThrownBy(() -> engine.executor().start(new StartRun(runbook("", READ_ONLY), "",
                RunTarget.procedure("diagnose"), Map.of(), Actor.ALERTMANAGER)))
                .hasMessageContaining("only runs runbooks that name alerts (alerts: or on_alert:), and orders-db names none");
    }
}
