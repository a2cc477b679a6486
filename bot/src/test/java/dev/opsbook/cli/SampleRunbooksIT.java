package dev.opsbook.cli;

import static dev.opsbook.cli.SampleRuns.params;
import static dev.opsbook.cli.SampleRuns.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.execution.RunState;
import dev.opsbook.execution.StepState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample runbooks in {@code runbooks/} run end to end through the product's execution path:
 * {@code opsbook run} in-process (audit log, run store, service locks and approvals in PostgreSQL),
 * real bash steps, real {@code pg_dump}/{@code pg_restore}, {@code redis-server}, python services;
 * approvals from separate {@code opsbook approve} calls by the runbooks' listed approvers. Each test
 * uses its own names, directories and free ports, and removes what it created even when it fails.
 * Missing programs skip a test, or fail it when {@code CI=true}.
 */
class SampleRunbooksIT {
    static final Path RUNBOOKS = locateRunbooks();

    @TempDir
    Path dir;
    SampleRuns samples;
    final String tag = "sx" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    final Deque<Runnable> cleanups = new ArrayDeque<>();

    @BeforeEach
    void setUp() {
        samples = new SampleRuns(dir.resolve("home"), RUNBOOKS);
    }

    @AfterEach
    void tearDown() {
        try {
            while (!cleanups.isEmpty()) {
                try {
                    cleanups.pop().run();
                } catch (RuntimeException e) {
                    System.err.println("clean-up after " + tag + " failed: " + e);
                }
            }
        } finally {
            if (samples != null) {
                samples.close();
            }
        }
    }

    // ---- orders-db: PostgreSQL --------------------------------------------------------------------

    @Test
    void ordersDbSeedBackupApprovedRestoreValidatedAndCleanUp() throws Exception {
        Map<String, String> p = ordersParams();
        Path home = samples.home;

        SampleRuns.Finished seed = samples.run("orders-db", "seed", p);
        assertSucceeded(seed, "seed-database");
        assertThat(SamplePostgres.pgValue(p.get("database"), "SELECT (SELECT count(*) FROM customers) || '|' || (SELECT count(*) FROM orders)"
                + " || '|' || (SELECT count(*) FROM order_items)")).isEqualTo("200|1000|2500");

        SampleRuns.Finished backup = samples.run("orders-db", "backup", p);
        assertSucceeded(backup, "check-source", "dump-db", "verify-backup", "report-retention");
        Path dump = Path.of(Files.readString(backup.workFile(home, "backup.path")).strip());
        assertThat(dump).startsWith(Path.of(p.get("backup_dir"))).isNotEmptyFile();
        assertThat(Path.of(dump + ".sha256")).isNotEmptyFile();
        assertThat(Files.readString(Path.of(dump + ".meta.json"))).contains("\"public.order_items\": 2500");
        assertThat(backup.artifact(home, "orders-db-backup.json")).hasSameTextualContentAs(Path.of(dump + ".meta.json"));
        assertThat(samples.auditOf(backup.id())).containsSubsequence("run.requested", "run.started",
                "step.started dump-db", "step.finished dump-db succeeded", "run.finished succeeded");

        var running = CompletableFuture.supplyAsync(() -> samples.run("orders-db", "restore", p));
        String runId = samples.awaitApproval(running, "orders-db", "restore-scratch").orElseThrow(() -> new AssertionError(running.join()));
        samples.refusedVote(runId, "alice", "self-approval");
        samples.refusedVote(runId, "mallory", "not an approver");
        assertThat(samples.cli.approve(runId, "--as", "mrivera").exitCode()).isZero();
        SampleRuns.Finished restore = running.get(2, TimeUnit.MINUTES);
        assertSucceeded(restore, "select-backup", "restore-scratch", "validate-row-counts", "validate-indexes", "record-restore-check");
        assertThat(restore.step("drop-scratch-db")).as("the rollback did not run").isEqualTo(StepState.SKIPPED);
        assertThat(restore.out()).contains("ok   public.order_items: expected 2500, restored 2500");
        assertThat(SamplePostgres.pgValue(p.get("scratch_database"), "SELECT count(*) FROM order_items")).isEqualTo("2500");
        assertThat(Files.readString(restore.artifact(home, "orders-db-restore-check.json"))).contains("\"row_counts_ok\": true");
        assertThat(samples.auditOf(restore.id())).containsSubsequence("run.requested", "run.started",
                "step.finished select-backup succeeded", "approval.requested restore-scratch",
                "approval.refused restore-scratch", "approval.refused restore-scratch", "approval.voted restore-scratch approve",
                "step.started restore-scratch", "step.finished restore-scratch succeeded",
                "step.finished validate-row-counts succeeded", "step.finished validate-indexes succeeded",
                "run.finished succeeded").noneMatch(a -> a.contains("drop-scratch-db"));

        SampleRuns.Finished cleanUp = samples.run("orders-db", "clean-up", p);
        assertSucceeded(cleanUp, "drop-scratch-db");
        assertThat(SamplePostgres.databaseExists(p.get("scratch_database"))).isFalse();
        assertThat(SamplePostgres.databaseExists(p.get("database"))).as("clean-up never drops the origin").isTrue();
        assertThat(samples.verifyAuditChain()).isGreaterThan(30);
    }

    @Test
    void ordersDbRestoreFailingValidationIsRolledBackAndACorruptDumpIsRefused() throws Exception {
        Map<String, String> p = ordersParams();
        assertSucceeded(samples.run("orders-db", "seed", p), "seed-database");
        SampleRuns.Finished backup = samples.run("orders-db", "backup", p);
        assertSucceeded(backup, "dump-db", "verify-backup");
        // The metadata says the backup held one row more than the dump brings back: the restore is incomplete.
        Path meta = Path.of(Files.readString(backup.workFile(samples.home, "backup.path")).strip() + ".meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"public.order_items\": 2500", "\"public.order_items\": 2501"));

        SampleRuns.Finished restore = samples.runApproved("orders-db", "restore", p, "tokafor", "restore-scratch");
        assertThat(restore.run().state()).as(restore.toString()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(restore.exitCode()).isEqualTo(1);
        assertThat(restore.step("restore-scratch")).isEqualTo(StepState.SUCCEEDED);
        assertThat(restore.step("validate-row-counts")).isEqualTo(StepState.ROLLED_BACK);
        assertThat(restore.step("drop-scratch-db")).isEqualTo(StepState.SUCCEEDED);
        assertThat(restore.step("validate-indexes")).isEqualTo(StepState.SKIPPED);
        assertThat(restore.step("record-restore-check")).isEqualTo(StepState.SKIPPED);
        assertThat(restore.out()).contains("FAIL public.order_items: expected 2501, restored 2500",
                "1 tables differ from the counts recorded at backup time");
        assertThat(SamplePostgres.databaseExists(p.get("scratch_database"))).as("the rollback dropped the scratch database").isFalse();
        assertThat(samples.auditOf(restore.id())).containsSubsequence("approval.voted restore-scratch approve",
                "step.finished restore-scratch succeeded", "step.finished validate-row-counts failed",
                "step.started drop-scratch-db", "step.finished drop-scratch-db succeeded", "run.finished rolled_back");

        // A damaged dump is refused by its checksum before anyone is asked to approve a restore.
        LocalTools.corrupt(Path.of(Files.readString(backup.workFile(samples.home, "backup.path")).strip()), 200);
        SampleRuns.Finished corrupt = samples.run("orders-db", "restore", p);
        assertRefusedAtSelection(corrupt);
        assertThat(SamplePostgres.databaseExists(p.get("scratch_database"))).isFalse();
        samples.verifyAuditChain();
    }

    private Map<String, String> ordersParams() {
        LocalTools.requireTools("orders-db", "postgresql-client jq", "psql", "pg_dump", "pg_restore", "pg_isready", "jq", "sha256sum");
        String database = "orders_" + tag;
        String scratch = database + "_check";
        cleanups.push(() -> SamplePostgres.dropDatabases(database, scratch));
        URI server = URI.create(SamplePostgres.adminUrl().substring("jdbc:".length()));
        Map<String, String> p = params("pg_host", server.getHost(), "pg_port", String.valueOf(server.getPort() < 0 ? 5432 : server.getPort()),
                "pg_user", SamplePostgres.pgUser(), "database", database, "scratch_database", scratch,
                "backup_dir", dir.resolve("backups/orders-db").toString());
        if (!SamplePostgres.pgPassword().isEmpty()) {
            p.put("pg_password", SamplePostgres.pgPassword());
        }
        return p;
    }

    // ---- uploads-store: a directory tree ---------------------------------------------------------

    @Test
    void uploadsStoreSeedBackupVerifyApprovedRestoreVerifyCleanUpAndRefuseACorruptArchive() throws Exception {
        LocalTools.requireTools("uploads-store", "tar gzip jq", "tar", "gzip", "sha256sum", "jq");
        Path live = dir.resolve("uploads");
        Path restored = dir.resolve("uploads-restore");
        Map<String, String> p = params("uploads_dir", live.toString(), "backup_dir", dir.resolve("backups/uploads").toString(),
                "restore_dir", restored.toString());
        Path home = samples.home;

        assertSucceeded(samples.run("uploads-store", "seed", p), "seed-files");
        assertThat(LocalTools.files(live)).hasSize(27);

        SampleRuns.Finished backup = samples.run("uploads-store", "backup", p);
        assertSucceeded(backup, "check-source", "archive-files", "verify-backup", "report-retention");
        Path archive = Path.of(Files.readString(backup.workFile(home, "backup.path")).strip());
        assertThat(Files.readAllLines(Path.of(archive + ".manifest"))).hasSize(27);
        assertThat(backup.out()).contains("archive verified: all 27 files match their SHA-256");

        SampleRuns.Finished restore = samples.runApproved("uploads-store", "restore", p, "lchen", "restore-files");
        assertSucceeded(restore, "select-backup", "restore-files", "validate-restore");
        assertThat(restore.step("remove-restored")).isEqualTo(StepState.SKIPPED);
        for (Path f : LocalTools.files(live)) {
            assertThat(restored.resolve(live.relativize(f))).as("restored %s", f).hasSameBinaryContentAs(f);
        }
        assertThat(LocalTools.files(restored)).hasSize(27);
        assertThat(Files.readString(restore.artifact(home, "uploads-store-restore-check.json"))).contains("\"all_checksums_ok\": true");
        assertThat(samples.auditOf(restore.id())).containsSubsequence("approval.requested restore-files",
                "approval.voted restore-files approve", "step.finished restore-files succeeded",
                "step.finished validate-restore succeeded", "run.finished succeeded");

        assertSucceeded(samples.run("uploads-store", "clean-up", p), "remove-restored");
        assertThat(restored).doesNotExist();
        assertThat(Path.of(restored + ".opsbook-restore.json")).doesNotExist();
        assertThat(LocalTools.files(live)).as("the live store is untouched").hasSize(27);

        LocalTools.corrupt(archive, 100);
        assertRefusedAtSelection(samples.run("uploads-store", "restore", p));
        assertThat(restored).doesNotExist();
        samples.verifyAuditChain();
    }

    // ---- sessions-cache: Redis, through a scratch server -----------------------------------------

    @Test
    void sessionsCacheSnapshotLoseEverythingRestoreAndRefuseANonEmptyCache() throws Exception {
        LocalTools.requireTools("sessions-cache", "redis-server redis-tools jq", "redis-server", "redis-cli", "jq", "sha256sum");
        int livePort = LocalTools.freePort();
        Path liveDir = Files.createDirectories(dir.resolve("redis-live"));
        Path scratchDir = dir.resolve("redis-scratch");
        // The "live" cache is private to this test (never the shared 6379); no persistence, like the real
        // one. repl-diskless-sync-delay 0 saves the 5 s a snapshot otherwise waits for more replicas.
        cleanups.push(() -> LocalTools.stopPidFile(liveDir.resolve("redis.pid"), "redis-server"));
        LocalTools.exec("redis-server", "--port", String.valueOf(livePort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "yes", "--repl-diskless-sync-delay", "0", "--dir", liveDir.toString(),
                "--pidfile", liveDir.resolve("redis.pid").toString(), "--logfile", liveDir.resolve("redis.log").toString());
        for (int i = 0; i < 100 && !LocalTools.listening(livePort); i++) {
            Thread.sleep(50);
        }
        int scratchPort = LocalTools.freePort();
        cleanups.push(() -> LocalTools.stopPidFile(scratchDir.resolve("redis.pid"), "redis-server"));
        Map<String, String> p = params("redis_host", "127.0.0.1", "redis_port", String.valueOf(livePort),
                "backup_dir", dir.resolve("backups/sessions-cache").toString(), "scratch_port", String.valueOf(scratchPort),
                "scratch_dir", scratchDir.toString());
        String port = String.valueOf(livePort);

        assertSucceeded(samples.run("sessions-cache", "seed", p), "seed-keys");
        assertThat(LocalTools.exec("redis-cli", "-p", port, "dbsize")).isEqualTo("105");

        SampleRuns.Finished backup = samples.run("sessions-cache", "backup", p);
        assertSucceeded(backup, "check-source", "snapshot", "verify-snapshot", "report-retention");
        Path rdb = Path.of(Files.readString(backup.workFile(samples.home, "backup.path")).strip());
        assertThat(Files.readString(Path.of(rdb + ".meta.json"))).contains("\"keys\": 106", "\"keys_with_ttl\": 101");

        LocalTools.exec("redis-cli", "-p", port, "flushall");
        SampleRuns.Finished restore = samples.runApproved("sessions-cache", "restore", p, "aschmidt", "load-scratch", "import-into-target");
        assertSucceeded(restore, "select-snapshot", "load-scratch", "validate-scratch", "import-into-target", "validate-target",
                "stop-scratch-after-restore");
        assertThat(LocalTools.exec("redis-cli", "-p", port, "dbsize")).isEqualTo("106");
        assertThat(LocalTools.exec("redis-cli", "-p", port, "hget", "session:sess-0042", "user_id")).isEqualTo("1042");
        assertThat(Long.parseLong(LocalTools.exec("redis-cli", "-p", port, "ttl", "session:sess-0042"))).isGreaterThan(86000);
        assertThat(LocalTools.exec("redis-cli", "-p", port, "ttl", "feature:checkout-v2")).isEqualTo("-1");
        assertThat(LocalTools.listening(scratchPort)).as("scratch server stopped").isFalse();
        assertThat(scratchDir).doesNotExist();
        assertThat(samples.auditOf(restore.id())).containsSubsequence("approval.voted load-scratch approve",
                "step.finished load-scratch succeeded", "step.finished validate-scratch succeeded",
                "approval.requested import-into-target", "approval.voted import-into-target approve",
                "step.finished validate-target succeeded", "run.finished succeeded");

        // The cache now holds keys: without overwrite=true the import refuses, and the rollback stops the scratch server.
        SampleRuns.Finished refused = samples.runApproved("sessions-cache", "restore", p, "aschmidt", "load-scratch", "import-into-target");
        assertThat(refused.run().state()).as(refused.toString()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(refused.step("import-into-target")).isEqualTo(StepState.ROLLED_BACK);
        assertThat(refused.step("stop-scratch")).isEqualTo(StepState.SUCCEEDED);
        assertThat(refused.out()).contains("is not empty").contains("set overwrite=true");
        assertThat(LocalTools.listening(scratchPort)).as("the rollback stopped the scratch server").isFalse();
        assertThat(scratchDir).doesNotExist();
        samples.verifyAuditChain();
    }

    // ---- checkout-api-failover: two python instances behind a switchable proxy -------------------

    @Test
    void checkoutApiStartFailoverFailBackRollBackWhenTheStandbyDiesRefuseASickStandbyStop() throws Exception {
        LocalTools.requireTools("checkout-api-failover", "python3 curl jq util-linux", "python3", "curl", "jq", "setsid");
        Path state = dir.resolve("checkout-api");
        int proxy = LocalTools.freePort();
        int primary = LocalTools.freePort();
        int standby = LocalTools.freePort();
        cleanups.push(() -> LocalTools.stopPidFile(state.resolve("primary.pid"), "service.py"));
        cleanups.push(() -> LocalTools.stopPidFile(state.resolve("standby.pid"), "service.py"));
        cleanups.push(() -> LocalTools.stopPidFile(state.resolve("proxy.pid"), "proxy.py"));
        Map<String, String> p = params("state_dir", state.toString(), "proxy_port", String.valueOf(proxy),
                "primary_port", String.valueOf(primary), "standby_port", String.valueOf(standby), "health_checks", "3");

        assertSucceeded(samples.run("checkout-api-failover", "start-local-topology", p), "start-topology", "check-topology");
        assertThat(LocalTools.httpGet(proxy, "/health")).startsWith("200 ").contains("\"instance\": \"primary\"");

        Files.createFile(state.resolve("primary.down"));
        SampleRuns.Finished failover = samples.runApproved("checkout-api-failover", "failover", p, "jnakamura", "switch-to-standby");
        assertSucceeded(failover, "check-standby", "switch-to-standby", "verify-standby-via-proxy", "record-failover");
        assertThat(failover.step("revert-upstream")).isEqualTo(StepState.SKIPPED);
        assertThat(LocalTools.httpGet(proxy, "/health")).startsWith("200 ").contains("\"instance\": \"standby\"");
        assertThat(Files.readString(failover.artifact(samples.home, "checkout-api-failover.json")))
                .contains("\"from\": \"http://127.0.0.1:" + primary + "\"", "\"to\": \"http://127.0.0.1:" + standby + "\"");
        assertThat(samples.auditOf(failover.id())).containsSubsequence("step.finished check-standby succeeded",
                "approval.requested switch-to-standby", "approval.voted switch-to-standby approve",
                "step.started switch-to-standby", "step.finished verify-standby-via-proxy succeeded", "run.finished succeeded");

        Files.delete(state.resolve("primary.down"));
        SampleRuns.Finished failBack = samples.runApproved("checkout-api-failover", "fail-back", p, "lchen", "switch-to-primary");
        assertSucceeded(failBack, "check-primary", "switch-to-primary", "verify-primary-via-proxy");
        assertThat(LocalTools.httpGet(proxy, "/health")).contains("\"instance\": \"primary\"");

        // The standby dies right after the switch: the proof through the proxy fails, the rollback puts traffic back.
        Path standbyDown = state.resolve("standby.down");
        SampleRuns.Finished dies = samples.approving(() -> samples.runInjecting("checkout-api-failover", "failover",
                with(p, "verify_seconds", "2"), "switch-to-standby", () -> LocalTools.touch(standbyDown)), "checkout-api-failover", "jnakamura",
                "switch-to-standby");
        assertThat(dies.run().state()).as(dies.toString()).isEqualTo(RunState.ROLLED_BACK);
        assertThat(dies.step("switch-to-standby")).isEqualTo(StepState.SUCCEEDED);
        assertThat(dies.step("verify-standby-via-proxy")).isEqualTo(StepState.ROLLED_BACK);
        assertThat(dies.step("revert-upstream")).isEqualTo(StepState.SUCCEEDED);
        assertThat(dies.step("record-failover")).isEqualTo(StepState.SKIPPED);
        assertThat(dies.out()).contains("does not serve a healthy standby", "upstream reverted to http://127.0.0.1:" + primary);
        assertThat(samples.auditOf(dies.id())).containsSubsequence("step.finished switch-to-standby succeeded",
                "step.finished verify-standby-via-proxy failed", "step.started revert-upstream",
                "step.finished revert-upstream succeeded", "run.finished rolled_back");
        assertThat(LocalTools.httpGet(proxy, "/health")).startsWith("200 ").contains("\"instance\": \"primary\"");
        Files.delete(standbyDown);

        // A sick standby: the health check refuses before anyone is asked to approve; traffic stays.
        Files.createFile(state.resolve("standby.down"));
        SampleRuns.Finished sick = samples.run("checkout-api-failover", "failover", p);
        assertThat(sick.run().state()).as(sick.toString()).isEqualTo(RunState.FAILED);
        assertThat(sick.step("check-standby")).isEqualTo(StepState.FAILED);
        assertThat(sick.step("switch-to-standby")).isEqualTo(StepState.SKIPPED);
        assertThat(sick.out()).contains("is not healthy");
        assertThat(samples.auditOf(sick.id())).noneMatch(a -> a.startsWith("approval.")).contains("run.finished failed");
        assertThat(LocalTools.httpGet(proxy, "/health")).contains("\"instance\": \"primary\"");
        Files.delete(state.resolve("standby.down"));

        assertSucceeded(samples.run("checkout-api-failover", "stop-local-topology", p), "stop-topology");
        for (int port : List.of(proxy, primary, standby)) {
            assertThat(LocalTools.listening(port)).as("port %d closed", port).isFalse();
        }
        assertThat(state.resolve("proxy.pid")).doesNotExist();
        samples.verifyAuditChain();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void assertSucceeded(SampleRuns.Finished f, String... steps) {
        assertThat(f.run().state()).as(f.toString()).isEqualTo(RunState.SUCCEEDED);
        assertThat(f.exitCode()).isZero();
        for (String step : steps) {
            assertThat(f.step(step)).as("step %s of %s", step, f.id()).isEqualTo(StepState.SUCCEEDED);
        }
    }

    /** A failed restore that stopped at select-backup: checksum mismatch, nothing approved or restored. */
    private void assertRefusedAtSelection(SampleRuns.Finished f) {
        assertThat(f.run().state()).as(f.toString()).isEqualTo(RunState.FAILED);
        assertThat(f.exitCode()).isEqualTo(1);
        assertThat(f.step("select-backup")).isEqualTo(StepState.FAILED);
        assertThat(f.out()).contains("checksum mismatch");
        assertThat(samples.auditOf(f.id())).contains("step.finished select-backup failed", "run.finished failed")
                .noneMatch(a -> a.startsWith("approval.")).noneMatch(a -> a.startsWith("step.started restore"));
    }

    private static Path locateRunbooks() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("runbooks/orders-db.md"))) {
                return d.resolve("runbooks");
            }
        }
        throw new IllegalStateException("runbooks/ not found above " + Path.of("").toAbsolutePath());
    }
}
