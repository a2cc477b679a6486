package dev.opsbook.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.execution.SecretProvider;
import dev.opsbook.failover.ProbeResult;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkout-api sample's own probes (runbooks/checkout-api-failover.md, on free ports and a temporary state
 * directory) against its real topology of Python processes: healthy while the primary serves; once the primary is
 * killed, every probe of what the proxy serves fails — including {@code served-instance}, whose {@code curl | jq -e}
 * pipeline used to pass on jq 1.6 when curl got nothing (only the TCP probe of the proxy's port stays healthy).
 */
class SampleProbesIT {
    @TempDir
    Path tmp;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() {
        processes.forEach(Process::destroyForcibly);
    }

    @Test
    void theSampleProbesFailWhenThePrimaryIsKilled() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        int proxy = freePort();
        int primary = freePort();
        int standby = freePort();
        Path state = Files.createDirectories(tmp.resolve("state"));
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        String text = Files.readString(repo.resolve("runbooks/checkout-api-failover.md"))
                .replace("18080", Integer.toString(proxy)).replace("18081", Integer.toString(primary))
                .replace("18082", Integer.toString(standby)).replace("/var/tmp/opsbook/checkout-api", state.toString());
        Path file = Files.writeString(runbooks.resolve("checkout-api-failover.md"), text);
        Runbook rb = RunbookParser.parse(file.toString(), Files.readAllBytes(file)).runbook().orElseThrow();
        List<Probe> probes = new Probes(SecretProvider.NONE, System.getenv()).of(rb);
        assertThat(probes).extracting(p -> p.spec().name()).contains("served-instance");

        Files.writeString(state.resolve("upstream"), "http://127.0.0.1:" + primary + "\n");
        Path app = repo.resolve("runbooks/checkout-api");
        Process primaryProcess = start(app.resolve("service.py"), "--name", "primary", "--port", Integer.toString(primary),
                "--state-dir", state.toString());
        start(app.resolve("service.py"), "--name", "standby", "--port", Integer.toString(standby), "--state-dir", state.toString());
        start(app.resolve("proxy.py"), "--port", Integer.toString(proxy), "--state-dir", state.toString());
        awaitAllHealthy(probes);

        primaryProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        for (Probe p : probes) {
            ProbeResult r = p.check();
            // the proxy's port stays open: only what the proxy serves tells that the instance behind it is gone
            assertThat(r.healthy()).as("probe %s after the primary was killed: %s", p.spec().name(), r)
                    .isEqualTo(p.spec().name().equals("proxy-port"));
        }
        ProbeResult served = probes.stream().filter(p -> p.spec().name().equals("served-instance")).findFirst().orElseThrow().check();
        assertThat(served.toString()).contains("exit code 22");
    }

    private Process start(Path script, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve(script.getFileName() + "-" + processes.size() + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static void awaitAllHealthy(List<Probe> probes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<ProbeResult> last = List.of();
        while (System.nanoTime() < deadline) {
            last = probes.stream().map(Probe::check).toList();
            if (last.stream().allMatch(ProbeResult::healthy)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the sample's probes did not all become healthy: " + last);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
