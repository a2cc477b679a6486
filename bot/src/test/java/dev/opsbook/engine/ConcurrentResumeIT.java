package dev.opsbook.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.approval.Directory;
import dev.opsbook.execution.ExecutionPorts;
import dev.opsbook.execution.ResumeRun;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunStore;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, hole 6: two resumes of one run. The second read the run as interrupted, then the first drove it to
 * the end and let go of it before the second claimed it: the second must not drive it again.
 */
class ConcurrentResumeIT {
    static final Actor ALICE = new Actor("cli", "alice", "alice");
    final TestDatabase db = TestDatabase.create();
    @TempDir
    Path dir;
    Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
        db.close();
    }

    @Test
    void aResumeThatLostTheRaceDoesNotDriveTheRunAgain() throws Exception {
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()), dir.resolve("home"),
                Directory.EMPTY, SecretProvider.NONE, List.of(), System.getenv(), (p, m) -> { }), Clock.systemUTC(), List.of());
        Path counter = dir.resolve("counter");
        Path runbookFile = dir.resolve("twice.md");
        Files.writeString(runbookFile, """
                ---
                id: twice
                title: Twice
                service: twice
                owners: [alice]
                ---
                ## Go

                ```bash {#one kind=check idempotent=true}
                echo x >> "%s"
                ```
                """.formatted(counter));
        Runbook rb = new RunbookLoader(dev.opsbook.runbook.LintPolicy.DEFAULTS).load(List.of(runbookFile)).getFirst().runbook().orElseThrow();
        Run run = engine.executor(List.of(), dev.opsbook.execution.Confirmation.NOBODY)
                .start(new StartRun(rb, "", RunTarget.procedure("go"), Map.of(), ALICE));
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        try (var c = db.connect(); var s = c.createStatement()) { // as a crash leaves it, after recovery
            s.execute("UPDATE run SET state = 'interrupted' WHERE id = '" + run.id() + "'");
            s.execute("UPDATE step_execution SET state = 'interrupted' WHERE run_id = '" + run.id() + "'");
        }
        Files.delete(counter);

        ExecutionPorts real = engine.ports();
        AtomicBoolean raced = new AtomicBoolean();
        RunStore slowToClaim = new RunStore() {
            @Override public void create(Run r) { real.runs().create(r); }
            @Override public void save(Run r) { real.runs().save(r); }
            @Override public void saveParameters(Run r) { real.runs().saveParameters(r); }
            @Override public Optional<Run> find(RunId id) { return real.runs().find(id); }
            @Override public List<Run> recent(int limit) { return real.runs().recent(limit); }
            @Override public List<Run> orphaned() { return real.runs().orphaned(); }

            @Override
            public RunClaim claim(RunId id) {
                if (raced.compareAndSet(false, true)) { // the other resume runs to its end first
                    Run other = engine.executor(List.of(), dev.opsbook.execution.Confirmation.NOBODY)
                            .resume(new ResumeRun(id, rb, Map.of(), ALICE));
                    assertThat(other.state()).isEqualTo(RunState.SUCCEEDED);
                }
                return real.runs().claim(id);
            }
        };
        RunExecutor late = new RunExecutor(new ExecutionPorts(slowToClaim, real.approvals(), real.locks(), real.audit(),
                real.directory(), real.secrets(), real.notifier(), real.clock(), real.sleeper()), engine.settings(),
                StepRunner.defaults(), List.of());

        assertThatThrownBy(() -> late.resume(new ResumeRun(run.id(), rb, Map.of(), ALICE)))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("run " + run.id() + " is succeeded; only interrupted runs can be resumed (another resume drove it)");
        assertThat(Files.readAllLines(counter)).as("the step ran once").hasSize(1);
        assertThat(engine.runs().find(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
    }
}
