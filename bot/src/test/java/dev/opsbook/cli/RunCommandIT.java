package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.execution.RunState;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcRunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandIT {
    static final String RUNBOOK = """
            ---
            id: orders-db
            title: Orders database
            service: orders-db
            owners: [alice]
            approvers: [bob, carol]
            parameters:
              - name: target
                type: string
                pattern: "[a-z_]+"
                default: orders
            ---
            # Orders

            ## Backup

            ```bash {#dump kind=backup timeout=1m}
            echo "dumping $TARGET"
            ```

            ## Restore

            ```bash {#restore kind=restore approvals=1 timeout=1m}
            echo "restoring $TARGET"
            ```

            ## Drop

            ```bash {#drop kind=shell confirm="orders" timeout=1m}
            echo "dropping $TARGET"
            ```
            """;

    @TempDir
    Path dir;
    CliFixture cli;
    Path runbook;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir.resolve("home"));
        runbook = dir.resolve("orders-db.md");
        Files.writeString(runbook, RUNBOOK);
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    @Test
    void runsAProcedureWithLiveProgress() {
        CliFixture.Result r = cli.run(runbook.toString(), "backup", "--param", "target=billing");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("==> step dump (backup)", "  dump | dumping billing", "<== step dump succeeded in ")
                .containsPattern("run r-[0-9a-f]{10} succeeded");
        assertThat(cli.runs().out()).contains("succeeded", "orders-db", "backup", "alice");
        String runId = r.out().replaceAll("(?s).*run (r-[0-9a-f]{10}) succeeded.*", "$1");
        CliFixture.Result steps = cli.execute(new RunsCommand(cli.env), runId);
        assertThat(steps.out()).contains("run " + runId + ": succeeded of orders-db (procedure \"backup\") by alice",
                "parameters: {target=billing}").containsPattern("dump\\s+succeeded\\s+1\\s+0\\s+\\d+\\.\\ds");
        assertThat(cli.execute(new RunsCommand(cli.env), "r-nope").exitCode()).isEqualTo(4);
    }

    @Test
    void refusalsExitFourWithClearErrors() {
        assertThat(cli.run(runbook.toString(), "backup", "--param", "target=Bad!")).satisfies(r -> {
            assertThat(r.exitCode()).isEqualTo(4);
            assertThat(r.err()).isEqualTo("error: parameter target: \"Bad!\" does not match the pattern [a-z_]+\n");
        });
        assertThat(cli.run(runbook.toString(), "nope").err()).contains("runbook orders-db has no procedure \"nope\"");
        assertThat(cli.run(dir.resolve("missing.md").toString(), "backup").err()).contains("does not exist");
    }

    @Test
    void aConfirmStepNeedsItsTextWithoutATerminal() {
        CliFixture.Result no = cli.run(runbook.toString(), "drop");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).contains("step drop must be confirmed by typing \"orders\"", "cancelled")
                .doesNotContain("dropping");
        CliFixture.Result yes = cli.run(runbook.toString(), "drop", "--confirm", "orders");
        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).contains("step drop confirmed with --confirm", "  drop | dropping orders");
    }

    @Test
    void dryRunPrintsThePlanAndRunsNothing() {
        CliFixture.Result r = cli.run(runbook.toString(), "restore", "--dry-run");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("1. restore [restore] interpreter=bash timeout=1m approvals=1", "$ echo \"restoring $TARGET\"",
                "takes the service lock", "TARGET OPSBOOK_RUN_ID");
        assertThat(cli.runs().out()).contains("no runs yet");
    }

    @Test
    void aRunWaitsForAnApprovalFromAnotherProcessAndASecondRunFindsTheServiceBusy() throws Exception {
        CompletableFuture<CliFixture.Result> waiting = CompletableFuture.supplyAsync(() -> cli.run(runbook.toString(), "restore"));
        String runId = awaitWaitingRun();

        CliFixture.Result busy = cli.run(runbook.toString(), "backup", "--as", "dave");
        assertThat(busy.exitCode()).isEqualTo(4);
        assertThat(busy.err()).matches("error: service busy: run " + runId + " started by alice at \\S+Z\\n");

        assertThat(cli.approve(runId).err()).contains("refused: self-approval");
        CliFixture.Result ok = cli.approve(runId, "--as", "bob");
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("approved step restore of run " + runId + " as bob: 1/1 approvals, request approved");
        assertThat(ok.out()).containsPattern("    for runbook sha256 [0-9a-f]{64} with target=orders");

        CliFixture.Result done = waiting.get(30, TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out()).containsPattern("    approves: runbook sha256 [0-9a-f]{64} with target=orders");
        assertThat(done.out()).contains("step restore needs 1 approval(s) from bob, carol", "  restore | restoring orders");
        assertThat(cli.approve(runId, "--as", "carol").exitCode()).isEqualTo(4);
    }

    @Test
    void aRejectionEndsTheRunWithExitFive() throws Exception {
        CompletableFuture<CliFixture.Result> waiting = CompletableFuture.supplyAsync(() -> cli.run(runbook.toString(), "restore"));
        String runId = awaitWaitingRun();
        assertThat(cli.reject(runId, "--as", "carol", "--reason", "peak hours").exitCode()).isZero();
        CliFixture.Result done = waiting.get(30, TimeUnit.SECONDS);
        assertThat(done.exitCode()).isEqualTo(5);
        assertThat(done.out()).contains("rejected: step restore rejected: rejected by carol: peak hours");
    }

    private String awaitWaitingRun() throws InterruptedException {
        try (Database db = Database.open(DatabaseSettings.external(cli.db.url(), cli.db.user(), cli.db.password()))) {
            JdbcRunStore store = new JdbcRunStore(db.dataSource());
            for (int i = 0; i < 300; i++) {
                var waiting = store.recent(5).stream().filter(r -> r.state() == RunState.AWAITING_APPROVAL).findFirst();
                if (waiting.isPresent()) {
                    return waiting.get().id().value();
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no run started waiting for approval within 30 s");
    }
}
