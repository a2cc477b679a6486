package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zero-config opsbook (no {@code OPSBOOK_DB_*}: the embedded database; a fresh {@code OPSBOOK_HOME})
 * runs every sample's Seed and its scheduled Backup — what {@code serve} fires — with default
 * parameters through the real engine, on a machine where a PostgreSQL listens on 127.0.0.1:5432 and a
 * Redis on 127.0.0.1:6379 with data of their own. Neither may see a single connection from the samples
 * and their data must stay as it was. The machine is a private network namespace
 * ({@code unshare -rn runbooks/test/zero-config.sh}), so the shared servers of this host are not the
 * bystanders; the script starts its own on those ports and checks them. The second test does the same
 * with {@code opsbook serve} firing the samples' schedules.
 */
class ZeroConfigSamplesIT {
    @TempDir
    Path dir;

    @Test
    void samplesWithDefaultParametersReachNoPostgresOrRedisTheyDidNotStart() throws Exception {
        String output = zeroConfig();
        assertThat(output).contains("ok: the machine's PostgreSQL logged no connection but this check's (0 others)",
                "ok: the machine's Redis received no connection but this check's", "ok: the machine's orders table is unchanged");
    }

    /**
     * {@code opsbook serve} itself, zero-config, on the samples with their schedules made to fire every
     * 5 s: it runs until each scheduled sample finished a run, then gets SIGTERM; the machine's servers
     * saw nothing.
     */
    @Test
    void zeroConfigServeFiringTheSamplesSchedulesReachesNoPostgresOrRedisItDidNotStart() throws Exception {
        String output = zeroConfig("--serve");
        assertThat(output).contains("serve stopped", "ok: the machine's PostgreSQL logged no connection but this check's (0 others)",
                "ok: the machine's Redis received no connection but this check's");
    }

    private String zeroConfig(String... mode) throws Exception {
        LocalTools.requireTools("zero-config", "util-linux postgresql redis-server jq python3", "unshare", "redis-server", "psql",
                "pg_dump", "jq", "python3");
        Path script = SampleRunbooksIT.RUNBOOKS.resolve("test/zero-config.sh");
        Path log = dir.resolve("zero-config.log");
        List<String> command = new ArrayList<>(List.of("unshare", "-rn", script.toString()));
        command.addAll(List.of(mode));
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx320m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Opsbook.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();
        }
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).as(output).doesNotContain("TOUCHED", "FAILED");
        return output;
    }
}
