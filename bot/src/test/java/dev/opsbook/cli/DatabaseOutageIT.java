package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.TcpProxy;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, hole 5: the database goes away in the middle of a step (a proxy in front of the shared
 * PostgreSQL is cut). A real opsbook JVM must end within 10 s with one line naming the database and the
 * run, no stack trace on the terminal, the step and run lines closed; afterwards the run resumes.
 */
class DatabaseOutageIT {
    @TempDir
    Path dir;
    CliFixture cli;
    TcpProxy proxy;

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        if (cli != null) {
            cli.close();
        }
    }

    @Test
    void anOutageMidStepEndsTheRunWithOneLineWithinTenSeconds() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        proxy = new TcpProxy(5432);
        Path marker = dir.resolve("s1-started");
        Path runbook = dir.resolve("outage.md");
        Files.writeString(runbook, """
                ---
                id: outage-db
                title: Outage test
                service: outage-db
                owners: [alice]
                ---
                ## Backup

                ```bash {#s1 kind=check idempotent=true}
                touch "%s"
                sleep 2
                echo s1 done
                ```

                ```bash {#s2 kind=check}
                echo s2
                ```
                """.formatted(marker));
        Process child = startThroughProxy(runbook, "backup");
        for (int i = 0; i < 600 && !Files.exists(marker); i++) {
            assertThat(child.isAlive()).as("child ended early: " + Files.readString(dir.resolve("child.err"))).isTrue();
            Thread.sleep(50);
        }
        assertThat(marker).as("step s1 never started").exists();

        long cutAt = System.nanoTime();
        proxy.cut();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("opsbook hangs after the outage").isTrue();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - cutAt);
        System.out.println("DatabaseOutageIT: outage to exit " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt) + " ms");
        String out = Files.readString(dir.resolve("child.out"));
        String err = Files.readString(dir.resolve("child.err"));
        String runId = out.replaceAll("(?s).*starting run (r-[0-9a-f]{10}).*", "$1");

        assertThat(child.exitValue()).as(out + err).isEqualTo(3);
        assertThat(seconds).as("seconds from the outage to the end; opsbook.log: "
                + Files.readString(dir.resolve("home/opsbook.log")).lines().filter(l -> !l.startsWith("\t")).toList())
                .isLessThanOrEqualTo(10);
        assertThat(err.lines().toList()).as(err).containsExactly("error: audit log unavailable (PostgreSQL at 127.0.0.1:"
                + proxy.port() + " stopped answering): run " + runId + " stopped at step s1 (it ran, but its end could not be"
                + " recorded); resume it with: opsbook resume " + runId + " (once the database answers; details in "
                + dir.resolve("home").resolve("opsbook.log") + ")");
        assertThat(out).contains("  s1 | s1 done", "<== step s1 succeeded in ", "run " + runId + " interrupted: audit log unavailable")
                .doesNotContain("==> step s2", "\tat ");

        // the database is back (the shared server never stopped): the run is recovered and resumes
        CliFixture.Result listed = cli.runs();
        assertThat(listed.err()).contains("run " + runId + " was left unfinished by a process that is gone; marked interrupted");
        CliFixture.Result resumed = cli.resume(runId, "--as", "alice");
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
        assertThat(resumed.out()).contains("==> step s2");
        assertThat(cli.execute(new RunsCommand(cli.env), runId).out()).contains(RunState.SUCCEEDED.label());
    }

    /**
     * The same while a run waits for an approval (the approval store, not the audit log, sees the outage first); the
     * resume asks for the approval again.
     */
    @Test
    void anOutageWhileWaitingForAnApprovalEndsTheRunWithOneLineWithinTenSeconds() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        proxy = new TcpProxy(5432);
        Path runbook = dir.resolve("outage.md");
        Files.writeString(runbook, """
                ---
                id: outage-approval
                title: Outage while waiting for an approval
                service: outage-approval
                owners: [alice]
                approvers: [bob]
                ---
                ## Restore

                ```bash {#s1 kind=check idempotent=true}
                echo s1 done
                ```

                ```bash {#s2 kind=restore approvals=1}
                echo s2 done
                ```
                """);
        Process child = startThroughProxy(runbook, "restore");
        for (int i = 0; i < 600 && !Files.readString(dir.resolve("child.out")).contains("step s2 needs 1 approval(s)"); i++) {
            assertThat(child.isAlive()).as("child ended early: " + Files.readString(dir.resolve("child.err"))).isTrue();
            Thread.sleep(50);
        }
        assertThat(Files.readString(dir.resolve("child.out"))).as("step s2 never waited").contains("step s2 needs 1 approval(s)");
        Thread.sleep(1_500); // at least one poll of the approval store went through before the outage

        long cutAt = System.nanoTime();
        proxy.cut();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("opsbook hangs after the outage").isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cutAt);
        System.out.println("DatabaseOutageIT (approval wait): outage to exit " + millis + " ms");
        String out = Files.readString(dir.resolve("child.out"));
        String err = Files.readString(dir.resolve("child.err"));
        String runId = out.replaceAll("(?s).*starting run (r-[0-9a-f]{10}).*", "$1");

        assertThat(child.exitValue()).as(out + err).isEqualTo(3);
        assertThat(err.lines().toList()).as(err).containsExactly("error: audit log unavailable (PostgreSQL at 127.0.0.1:"
                + proxy.port() + " stopped answering): run " + runId + " stopped before step s2; resume it with: opsbook resume "
                + runId + " (once the database answers; details in " + dir.resolve("home").resolve("opsbook.log") + ")");
        assertThat(out).contains("run " + runId + " interrupted: audit log unavailable").doesNotContain("==> step s2", "\tat ");
        assertThat(millis).as("milliseconds from the outage to the end").isLessThanOrEqualTo(10_000);

        // the database is back (the shared server never stopped): the run is recovered and resumes, asking again
        CliFixture.Result listed = cli.runs();
        assertThat(listed.err()).contains("run " + runId + " was left unfinished by a process that is gone; marked interrupted");
        CompletableFuture<CliFixture.Result> resumed = CompletableFuture.supplyAsync(() -> cli.resume(runId, "--as", "alice"));
        CliFixture.Result approved = null;
        for (int i = 0; i < 300; i++) {
            approved = cli.approve(runId, "--as", "bob");
            if (approved.exitCode() == 0) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(approved.exitCode()).as(approved.out() + approved.err()).isZero();
        CliFixture.Result done = resumed.get(30, TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.out() + done.err()).isZero();
        assertThat(done.out()).contains("  s2 | s2 done");
        assertThat(cli.execute(new RunsCommand(cli.env), runId).out()).contains(RunState.SUCCEEDED.label());
    }

    /** {@code opsbook run RUNBOOK PROCEDURE --as alice} in a JVM of its own, its database reached through the proxy. */
    private Process startThroughProxy(Path runbook, String procedure) throws java.io.IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Opsbook.class.getName(),
                "run", runbook.toString(), procedure, "--as", "alice")
                .redirectOutput(dir.resolve("child.out").toFile()).redirectError(dir.resolve("child.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(cli.env);
        pb.environment().put("OPSBOOK_DB_URL", proxy.route(cli.db.url()));
        return pb.start();
    }
}
