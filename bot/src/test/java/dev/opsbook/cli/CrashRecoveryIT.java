package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.StepState;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.JdbcRunStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a real opsbook JVM in the middle of a step, then recovery and resume from this process. */
class CrashRecoveryIT {
    @TempDir
    Path dir;
    CliFixture cli;
    final List<Long> strays = new ArrayList<>();

    @AfterEach
    void tearDown() {
        strays.forEach(pid -> {
            try {
                new ProcessBuilder("kill", "-s", "KILL", "--", "-" + pid).start().waitFor();
            } catch (Exception ignored) {
                // already gone
            }
        });
        if (cli != null) {
            cli.close();
        }
    }

    @Test
    void aRunKilledMidStepIsMarkedInterruptedKeepsItsAuditTrailAndResumes() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        Path marker = dir.resolve("step-two-started");
        Path runbook = dir.resolve("crash.md");
        Files.writeString(runbook, """
                ---
                id: crash-db
                title: Crash test
                service: crash-db
                owners: [alice]
                ---
                ## Backup

                ```bash {#one kind=check}
                echo one
                ```

                ```bash {#two kind=backup idempotent=true requires=one timeout=5m}
                if [ -f "$OPSBOOK_WORKDIR/attempted" ]; then echo "second attempt completes"; exit 0; fi
                touch "$OPSBOOK_WORKDIR/attempted"
                echo $$ > "%s"
                sleep 120
                ```
                """.formatted(marker));

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Opsbook.class.getName(),
                "run", runbook.toString(), "backup", "--as", "alice")
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(cli.env);
        Process child = pb.start();
        for (int i = 0; i < 600 && !(Files.exists(marker) && Files.size(marker) > 0); i++) {
            assertThat(child.isAlive()).as("child ended early: " + Files.readString(dir.resolve("child.log"))).isTrue();
            Thread.sleep(100);
        }
        assertThat(marker).as("step two never started").exists();
        strays.add(Long.parseLong(Files.readString(marker).strip()));

        child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(137);

        long stepPid = strays.getFirst();
        assertThat(running(stepPid)).as("the step outlives the killed JVM").isTrue();

        CliFixture.Result listed = cli.runs(); // any opsbook process recovers on start
        assertThat(listed.err()).contains("was left unfinished by a process that is gone; marked interrupted");
        assertThat(listed.out()).contains("interrupted");
        for (int i = 0; i < 50 && running(stepPid); i++) {
            Thread.sleep(20);
        }
        assertThat(running(stepPid)).as("recovery kills the step's leftover process group").isFalse();

        try (Database db = Database.open(DatabaseSettings.external(cli.db.url(), cli.db.user(), cli.db.password()));
             JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            Run run = new JdbcRunStore(db.dataSource()).recent(1).getFirst();
            assertThat(run.state()).isEqualTo(RunState.INTERRUPTED);
            assertThat(run.step("one").state()).isEqualTo(StepState.SUCCEEDED);
            assertThat(run.step("two").state()).isEqualTo(StepState.INTERRUPTED);
            assertThat(actions(audit)).containsExactly("run.requested", "run.started", "step.started one",
                    "step.finished one", "step.started two", "run.interrupted");
            List<String> reasons = new ArrayList<>();
            audit.read(1, e -> reasons.add(e.event().details().getOrDefault("reason", "")));
            assertThat(reasons.getLast()).contains("interrupted step two (running, its leftover process group " + stepPid + " killed)");

            CliFixture.Result resumed = cli.resume(run.id().value(), "--as", "alice");
            assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
            assertThat(resumed.out()).contains("resuming run " + run.id(), "  two | second attempt completes")
                    .doesNotContain("==> step one");
            assertThat(new JdbcRunStore(db.dataSource()).find(run.id()).orElseThrow().state()).isEqualTo(RunState.SUCCEEDED);
            assertThat(actions(audit)).endsWith("run.interrupted", "run.resumed", "step.started two", "step.finished two",
                    "run.finished");
            assertThat(AuditVerifier.verify(audit).intact()).isTrue();
        }
    }

    /** Alive and not a zombie waiting for init to reap it. */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> actions(JdbcAuditLog audit) {
        List<String> out = new ArrayList<>();
        audit.read(1, (RecordedEvent e) -> out.add(e.event().action() + e.event().stepId().map(s -> " " + s).orElse("")));
        return out;
    }
}
