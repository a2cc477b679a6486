package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two opsbook processes on one database: the second mutating run of a service is refused while the first holds it. */
class ServiceLockProcessesIT {
    @TempDir
    Path dir;
    CliFixture cli;
    Process child;

    @AfterEach
    void tearDown() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (cli != null) {
            cli.close();
        }
    }

    @Test
    void aSecondProcessGetsServiceBusyUntilTheFirstEnds() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        Path runbook = dir.resolve("svc.md");
        Files.writeString(runbook, """
                ---
                id: svc-db
                title: Service
                service: svc
                owners: [alice]
                approvers: [bob]
                ---
                ## Restore

                ```bash {#restore kind=restore approvals=1}
                echo restoring
                ```

                ## Backup

                ```bash {#dump kind=backup}
                echo dumping
                ```
                """);
        Path log = dir.resolve("child.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Opsbook.class.getName(), "run", runbook.toString(), "restore",
                "--as", "alice")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(cli.env);
        child = pb.start();
        for (int i = 0; i < 600 && !Files.readString(log).contains("needs 1 approval"); i++) {
            assertThat(child.isAlive()).as(Files.readString(log)).isTrue();
            Thread.sleep(100);
        }
        String runId = Files.readString(log).replaceAll("(?s).*starting run (r-[0-9a-f]{10}).*", "$1");

        CliFixture.Result busy = cli.run(runbook.toString(), "backup", "--as", "dave");
        assertThat(busy.exitCode()).isEqualTo(4);
        assertThat(busy.err()).matches("error: service busy: run " + runId + " started by alice at \\S+Z\\n");

        child.destroy(); // SIGTERM: the run is cancelled, the lock released
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("run " + runId + " cancelled");

        CliFixture.Result free = cli.run(runbook.toString(), "backup", "--as", "dave");
        assertThat(free.exitCode()).as(free.err()).isZero();
        assertThat(free.out()).contains("  dump | dumping");
    }
}
