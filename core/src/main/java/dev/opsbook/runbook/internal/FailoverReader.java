package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.FailoverPolicy.Criteria;
import dev.opsbook.runbook.FailoverPolicy.TrafficStages;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.SourcePosition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the {@code failover:} front matter block into a {@link FailoverPolicy}. Wrong values become
 * findings and fall back to defaults; a probe that cannot be understood is left out.
 */
final class FailoverReader {
    static final Set<String> KEYS = Set.of("procedure", "automatic", "interval", "retry_timeout", "ttl", "promote",
            "recover", "cooldown", "max_per_hour", "probes", "stages");
    static final Set<String> PROMOTE_KEYS = Set.of("failing", "window", "min_samples");
    static final Set<String> RECOVER_KEYS = Set.of("healthy", "window", "min_samples");
    static final Set<String> STAGE_KEYS = Set.of("step", "parameter", "weights", "settle");
    static final List<String> PROBE_KINDS = List.of("http", "tcp", "sql", "command", "prometheus");
    static final Set<String> PROBE_KEYS = Set.of("name", "http", "tcp", "sql", "command", "prometheus", "status",
            "max_latency", "secret", "query", "expect", "max", "timeout");

    private final YamlTree tree;

    FailoverReader(YamlTree tree) {
        this.tree = tree;
    }

    FailoverPolicy read(Node node) {
        Map<String, Node> m = tree.mapping(node, "failover", "failover", KEYS);
        Duration interval = duration(m, "interval").orElse(FailoverPolicy.DEFAULT_INTERVAL);
        Duration retry = duration(m, "retry_timeout").orElse(FailoverPolicy.DEFAULT_RETRY_TIMEOUT);
        Criteria promote = criteria(m.get("promote"), "promote", PROMOTE_KEYS, "failing", new Criteria(0.8, Duration.ofMinutes(1), 0));
        Criteria recover = criteria(m.get("recover"), "recover", RECOVER_KEYS, "healthy", new Criteria(1.0, Duration.ofMinutes(2), 0));
        List<ProbeSpec> probes = new ArrayList<>();
        List<Node> items = m.containsKey("probes") ? tree.list(m.get("probes"), "failover.probes") : List.of();
        for (int i = 0; i < items.size(); i++) {
            probe(items.get(i), i, retry).ifPresent(probes::add);
        }
        return new FailoverPolicy(text(m, "procedure").map(String::strip).orElse(""),
                Optional.ofNullable(m.get("automatic")).flatMap(n -> tree.bool(n, "failover.automatic")).orElse(false),
                interval, retry, duration(m, "ttl").orElse(FailoverPolicy.DEFAULT_TTL), promote, recover,
                duration(m, "cooldown").orElse(FailoverPolicy.DEFAULT_COOLDOWN),
                integer(m, "max_per_hour", "failover.max_per_hour").orElse(1), probes,
                Optional.ofNullable(m.get("stages")).map(this::stages), tree.position(node));
    }

    private Criteria criteria(Node node, String key, Set<String> keys, String ratioKey, Criteria fallback) {
        if (node == null) {
            return fallback;
        }
        Map<String, Node> m = tree.mapping(node, "failover/" + key, "failover." + key, keys);
        double ratio = Optional.ofNullable(m.get(ratioKey)).flatMap(n -> ratio(n, "failover." + key + "." + ratioKey))
                .orElse(fallback.ratio());
        Duration window = duration(m, "window").orElse(fallback.window());
        int min = integer(m, "min_samples", "failover." + key + ".min_samples").orElse(0);
        return new Criteria(ratio, window.isZero() ? fallback.window() : window, Math.max(0, min));
    }

    private Optional<ProbeSpec> probe(Node item, int i, Duration retry) {
        String path = "failover/probes/" + i;
        Map<String, Node> m = tree.mapping(item, path, "a probe", PROBE_KEYS);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        List<String> kinds = PROBE_KINDS.stream().filter(m::containsKey).toList();
        if (kinds.size() != 1) {
            tree.findings().at(tree.position(item), Rule.BAD_VALUE, "probe " + (i + 1) + (kinds.isEmpty() ? " has no kind"
                    : " has " + kinds.size() + " kinds (" + String.join(", ", kinds) + ")")
                    + ": give exactly one of http: URL, tcp: HOST:PORT, sql: JDBC-URL, command: BASH, prometheus: URL");
            return Optional.empty();
        }
        String kind = kinds.getFirst();
        String target = text(m, kind).map(String::strip).orElse("");
        String name = text(m, "name").map(String::strip).filter(s -> !s.isEmpty()).orElse(kind + "-" + (i + 1));
        Duration timeout = duration(m, "timeout").orElse(retry);
        SourcePosition at = tree.position(m.get(kind));
        return switch (kind) {
            case "http" -> {
                if (!target.matches("https?://\\S+")) {
                    bad(at, "probe '" + name + "': http \"" + target + "\" is not an http:// or https:// URL");
                    yield Optional.empty();
                }
                yield Optional.of(new ProbeSpec.Http(name, target, integer(m, "status", "status").orElse(200),
                        duration(m, "max_latency").orElse(timeout), timeout, at));
            }
            case "tcp" -> {
                int colon = target.lastIndexOf(':');
                Optional<Integer> port = colon <= 0 ? Optional.empty() : port(target.substring(colon + 1));
                if (port.isEmpty()) {
                    bad(at, "probe '" + name + "': tcp \"" + target + "\" is not HOST:PORT (port 1-65535), e.g. 127.0.0.1:5432");
                    yield Optional.empty();
                }
                yield Optional.of(new ProbeSpec.Tcp(name, target.substring(0, colon), port.get(), timeout, at));
            }
            case "sql" -> sql(m, name, target, timeout, at);
            case "command" -> {
                if (target.isEmpty()) {
                    bad(at, "probe '" + name + "': command is empty: give the bash command whose exit code 0 means healthy");
                    yield Optional.empty();
                }
                yield Optional.of(new ProbeSpec.Command(name, target, timeout, at));
            }
            default -> prometheus(m, name, target, timeout, at);
        };
    }

    private Optional<ProbeSpec> sql(Map<String, Node> m, String name, String target, Duration timeout, SourcePosition at) {
        String secret = text(m, "secret").map(String::strip).orElse("");
        String query = text(m, "query").map(String::strip).orElse("");
        if (target.isEmpty() == secret.isEmpty() || !target.isEmpty() && !target.startsWith("jdbc:")) {
            bad(at, "probe '" + name + "': give either sql: jdbc:postgresql://HOST/DB (no password in it) or sql: with "
                    + "secret: NAME holding the JDBC URL");
            return Optional.empty();
        }
        if (query.isEmpty()) {
            tree.findings().at(at, Rule.MISSING_FIELD, "probe '" + name + "' has no query: add query: select 1");
            return Optional.empty();
        }
        return Optional.of(new ProbeSpec.Sql(name, target, secret, query, text(m, "expect").orElse(""), timeout, at));
    }

    private Optional<ProbeSpec> prometheus(Map<String, Node> m, String name, String target, Duration timeout, SourcePosition at) {
        String query = text(m, "query").map(String::strip).orElse("");
        Optional<Double> max = Optional.ofNullable(m.get("max")).flatMap(n -> number(n, "probe '" + name + "' max"));
        if (!target.matches("https?://\\S+") || query.isEmpty() || max.isEmpty()) {
            bad(at, "probe '" + name + "': a prometheus probe needs prometheus: http://HOST:9090, query: PROMQL and max: "
                    + "NUMBER (healthy while every value is at most max)");
            return Optional.empty();
        }
        return Optional.of(new ProbeSpec.Prometheus(name, target, query, max.get(), timeout, at));
    }

    private TrafficStages stages(Node node) {
        Map<String, Node> m = tree.mapping(node, "failover/stages", "failover.stages", STAGE_KEYS);
        List<Integer> weights = new ArrayList<>();
        for (Node w : m.containsKey("weights") ? tree.list(m.get("weights"), "failover.stages.weights") : List.<Node>of()) {
            tree.text(w, "a weight").flatMap(FailoverReader::parseInt).ifPresentOrElse(weights::add,
                    () -> bad(tree.position(w), "a weight in failover.stages.weights must be a whole percentage such as 10"));
        }
        return new TrafficStages(text(m, "step").map(String::strip).orElse(""),
                text(m, "parameter").map(String::strip).orElse("weight"), weights,
                duration(m, "settle").orElse(Duration.ZERO), tree.position(node));
    }

    private Optional<Double> ratio(Node node, String what) {
        Optional<String> t = tree.text(node, what).map(String::strip);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String v = t.get();
        Optional<Double> parsed = v.endsWith("%") ? parseDouble(v.substring(0, v.length() - 1)).map(d -> d / 100) : parseDouble(v);
        if (parsed.isEmpty() || !(parsed.get() > 0 && parsed.get() <= 1)) {
            bad(tree.position(node), what + " \"" + v + "\" is not a share of samples: use a percentage such as 80% (or 0.8)");
            return Optional.empty();
        }
        return parsed;
    }

    private Optional<Double> number(Node node, String what) {
        Optional<Double> d = tree.text(node, what).flatMap(t -> parseDouble(t.strip()));
        if (d.isEmpty()) {
            bad(tree.position(node), what + " must be a number such as 0.05 or 100");
        }
        return d;
    }

    private Optional<Integer> integer(Map<String, Node> m, String key, String what) {
        Node n = m.get(key);
        if (n == null) {
            return Optional.empty();
        }
        Optional<Integer> v = tree.text(n, what).flatMap(t -> parseInt(t.strip()));
        if (v.isEmpty() || v.get() < 0) {
            bad(tree.position(n), what + " must be a whole number of at least 0");
            return Optional.empty();
        }
        return v;
    }

    private Optional<Duration> duration(Map<String, Node> m, String key) {
        return Optional.ofNullable(m.get(key)).flatMap(n -> tree.duration(n, "failover." + key));
    }

    private Optional<String> text(Map<String, Node> m, String key) {
        return Optional.ofNullable(m.get(key)).flatMap(n -> tree.text(n, key));
    }

    private void bad(SourcePosition at, String message) {
        tree.findings().at(at, Rule.BAD_VALUE, message);
    }

    private static Optional<Integer> port(String text) {
        return parseInt(text).filter(p -> p >= 1 && p <= 65535);
    }

    private static Optional<Integer> parseInt(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Double> parseDouble(String text) {
        try {
            double d = Double.parseDouble(text.strip());
            return Double.isFinite(d) ? Optional.of(d) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
