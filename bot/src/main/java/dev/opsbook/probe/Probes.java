package dev.opsbook.probe;

import dev.opsbook.execution.SecretProvider;
import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.Runbook;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the live {@link Probe}s of a runbook's {@code failover:} block. Command probes get the
 * environment a step would get for its non-secret parameter defaults, plus PATH, HOME and
 * {@code OPSBOOK_RUNBOOK_DIR}; nothing else of the server's environment.
 */
public final class Probes {
    private final HttpClient http;
    private final SecretProvider secrets;
    private final Map<String, String> serverEnvironment;

    public Probes(SecretProvider secrets, Map<String, String> serverEnvironment) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
        this.secrets = secrets;
        this.serverEnvironment = Map.copyOf(serverEnvironment);
    }

    public List<Probe> of(Runbook runbook) {
        return runbook.failover().map(f -> f.probes().stream().map(p -> of(p, runbook)).toList()).orElse(List.of());
    }

    Probe of(ProbeSpec spec, Runbook runbook) {
        return switch (spec) {
            case ProbeSpec.Http h -> new HttpProbe(h, http);
            case ProbeSpec.Tcp t -> new TcpProbe(t);
            case ProbeSpec.Sql s -> new SqlProbe(s, secrets);
            case ProbeSpec.Prometheus p -> new PrometheusProbe(p, http);
            case ProbeSpec.Command c -> new CommandProbe(c, directory(runbook), environment(runbook));
        };
    }

    private static Path directory(Runbook runbook) {
        Path parent = Path.of(runbook.path()).toAbsolutePath().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    private Map<String, String> environment(Runbook runbook) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", serverEnvironment.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
        env.put("HOME", serverEnvironment.getOrDefault("HOME", "/tmp"));
        env.put("LANG", "C.UTF-8");
        env.put("OPSBOOK_RUNBOOK_DIR", directory(runbook).toString());
        for (Parameter p : runbook.parameters()) {
            if (!p.secret()) {
                p.defaultValue().ifPresent(v -> env.put(p.envName(), v));
            }
        }
        return env;
    }

    static String describe(Exception e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : firstLine(e.getMessage());
        return e instanceof java.net.ConnectException && !message.toLowerCase(java.util.Locale.ROOT).contains("refused")
                ? "connection refused" : message;
    }

    static String firstLine(String text) {
        String line = text == null ? "" : text.lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
