package dev.opsbook.cli;

import static dev.opsbook.cli.SampleRuns.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsbook drill} on the sample {@code orders-db} runbook against the real PostgreSQL: a backup
 * first, then the drill restores it into the sandbox database and validates it; and the failures
 * (no backup, a corrupted dump, a parameter that would leave the sandbox). The runbook is the
 * repository's, with the sandbox renamed per test so parallel tests never share a database.
 */
class DrillCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    SampleRuns samples;
    Path runbook;
    final String tag = "dx" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    String database;
    String sandbox;
    Map<String, String> p;

    @BeforeEach
    void setUp() throws Exception {
        LocalTools.requireTools("orders-db", "postgresql-client jq", "psql", "pg_dump", "pg_restore", "pg_isready", "jq", "sha256sum");
        database = "orders_" + tag;
        sandbox = database + "_drill";
        Path repo = Files.createDirectories(dir.resolve("repo/.git")).getParent();
        Files.createSymbolicLink(repo.resolve("docs"), SampleRunbooksIT.RUNBOOKS.resolveSibling("docs").toAbsolutePath());
        Path runbooks = Files.createDirectories(repo.resolve("runbooks"));
        Files.createSymbolicLink(runbooks.resolve("lib"), SampleRunbooksIT.RUNBOOKS.resolve("lib").toAbsolutePath());
        Files.createSymbolicLink(runbooks.resolve("orders-db"), SampleRunbooksIT.RUNBOOKS.resolve("orders-db").toAbsolutePath());
        String text = Files.readString(SampleRunbooksIT.RUNBOOKS.resolve("orders-db.md"));
        assertThat(text).contains("    scratch_database: orders_drill\n");
        runbook = Files.writeString(runbooks.resolve("orders-db.md"),
                text.replace("    scratch_database: orders_drill\n", "    scratch_database: " + sandbox + "\n"));
        samples = new SampleRuns(dir.resolve("home"), runbooks);
        URI server = URI.create(SamplePostgres.adminUrl().substring("jdbc:".length()));
        p = params("pg_host", server.getHost(), "pg_port", String.valueOf(server.getPort() < 0 ? 5432 : server.getPort()),
                "pg_user", SamplePostgres.pgUser(), "database", database, "scratch_database", database + "_check",
                "backup_dir", dir.resolve("backups").toString());
    }

    @AfterEach
    void tearDown() {
        SamplePostgres.dropDatabases(database, database + "_check", sandbox);
        if (samples != null) {
            samples.close();
        }
    }

    private CliFixture.Result drill(String... extra) {
        List<String> args = new ArrayList<>(List.of(runbook.toString(), "--json"));
        p.forEach((k, v) -> {
            if (!k.equals("scratch_database")) {
                args.add("--param");
                args.add(k + "=" + v);
            }
        });
        args.addAll(List.of(extra));
        return samples.cli.execute(new DrillCommand(samples.cli.env), args.toArray(String[]::new));
    }

    @Test
    void aDrillRestoresTheLatestBackupIntoTheSandboxValidatesItAndMeetsTheRto() throws Exception {
        assertThat(samples.run("orders-db", "seed", p).exitCode()).isZero();
        SampleRuns.Finished backup = samples.run("orders-db", "backup", p);
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        Path dump = Path.of(Files.readString(backup.workFile(samples.home, "backup.path")).strip());

        CliFixture.Result r = drill();
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode result = JSON.readTree(r.out().strip());
        assertThat(result.get("result").asText()).isEqualTo("passed");
        assertThat(result.get("met_rto").asBoolean()).isTrue();
        assertThat(result.get("rto_ms").asLong()).isEqualTo(30 * 60_000L);
        assertThat(result.get("backup").asText()).isEqualTo(backup.id() + "/orders-db-backup");
        long detect = result.get("time_to_detect_ms").asLong();
        long respond = result.get("time_to_respond_ms").asLong();
        long recover = result.get("time_to_recover_ms").asLong();
        assertThat(result.get("time_to_restore_ms").asLong()).isEqualTo(detect + respond + recover).isPositive();
        assertThat(recover).as("recovery includes pg_restore and both validations").isPositive();
        assertThat(result.get("sandbox").asText()).isEqualTo("scratch_database=" + sandbox);

        // The sandbox holds the restored rows; the live database was never touched.
        assertThat(SamplePostgres.pgValue(sandbox, "SELECT count(*) FROM orders")).isEqualTo("1000");
        String drillId = result.get("drill").asText();
        assertThat(samples.auditOf(drillId)).containsSubsequence("drill.started", "run.started", "step.started select-backup",
                "step.started restore-scratch", "step.finished validate-indexes succeeded", "run.finished succeeded",
                "drill.finished passed");
        assertThat(Files.readString(samples.home.resolve("runs").resolve(drillId).resolve("logs/select-backup.log")))
                .contains("selected " + dump.getFileName());
        samples.verifyAuditChain();
    }

    @Test
    void withoutABackupTheDrillFailsWithTheReasonAndIsRecorded() {
        CliFixture.Result r = drill();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("\"result\":\"failed\"", "no backup of orders-db (service orders) is in the backup catalog",
                "\"met_rto\":false");
        String drillId = r.out().replaceAll("(?s).*\"drill\":\"([^\"]+)\".*", "$1");
        assertThat(samples.auditOf(drillId)).containsExactly("drill.started", "drill.finished failed");
    }

    @Test
    void aCorruptedBackupIsRefusedByItsChecksumBeforeAnythingIsRestored() throws Exception {
        assertThat(samples.run("orders-db", "seed", p).exitCode()).isZero();
        SampleRuns.Finished backup = samples.run("orders-db", "backup", p);
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        LocalTools.corrupt(Path.of(Files.readString(backup.workFile(samples.home, "backup.path")).strip()), 200);

        CliFixture.Result text = samples.cli.execute(new DrillCommand(samples.cli.env), runbook.toString(),
                "--param", "database=" + database, "--param", "backup_dir=" + dir.resolve("backups"));
        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out()).contains("FAILED: checksum mismatch: the latest backup " + backup.id() + "/orders-db-backup has SHA-256",
                "refusing to restore it", "respond —");
        assertThat(SamplePostgres.databaseExists(sandbox)).as("nothing was restored").isFalse();
    }

    @Test
    void aFailingValidationFailsTheDrillWithTheReasonAndTheRollbackDropsTheSandbox() throws Exception {
        assertThat(samples.run("orders-db", "seed", p).exitCode()).isZero();
        SampleRuns.Finished backup = samples.run("orders-db", "backup", p);
        assertThat(backup.exitCode()).as(backup.toString()).isZero();
        // The metadata promises one row more than the dump holds: the row-count validation must fail.
        Path meta = Path.of(Files.readString(backup.workFile(samples.home, "backup.path")).strip() + ".meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"public.order_items\": 2500", "\"public.order_items\": 2501"));

        CliFixture.Result r = drill();
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        JsonNode result = JSON.readTree(r.out().strip());
        assertThat(result.get("result").asText()).isEqualTo("failed");
        assertThat(result.get("run_state").asText()).isEqualTo("rolled_back");
        assertThat(result.get("reason").asText()).startsWith("the drill run rolled_back");
        assertThat(result.has("time_to_restore_ms")).isFalse();
        assertThat(result.has("time_to_respond_ms")).as("the restore did start").isTrue();
        assertThat(result.get("met_rto").asBoolean()).isFalse();
        assertThat(SamplePostgres.databaseExists(sandbox)).as("the rollback dropped the sandbox").isFalse();
    }

    @Test
    void aParameterThatWouldLeaveTheSandboxIsRefused() {
        CliFixture.Result r = drill("--param", "scratch_database=" + database);
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.err()).contains("a drill always restores into the sandbox the runbook names; drop scratch_database");
    }
}
