package dev.opsbook.site;

import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scope of a runbook page's "Failover controller" section: how the controller watches the service (probes with
 * kind, target and thresholds), when it proposes and re-arms, its timing, cooldown and hourly cap, whether it runs the
 * procedure by itself or waits for approvals, and the traffic stages. URLs are shown without credentials or query
 * strings; an SQL probe's URL held in a secret is shown by the secret's name only.
 */
final class FailoverView {
    private FailoverView() {}

    static Optional<Scope> of(Runbook rb) {
        return rb.failover().map(f -> {
            Optional<Section> procedure = rb.procedures().stream()
                    .filter(s -> s.slug().equals(f.procedure()) || s.title().equalsIgnoreCase(f.procedure())).findFirst();
            Scope s = Scope.of("procedure", procedure.map(Section::title).orElse(f.procedure()),
                    "slug", procedure.map(Section::slug).orElse(null),
                    "automatic", f.automatic(),
                    "mode", f.automatic() ? "runs by itself (automatic: true)" : "proposes, runs after approval",
                    "service", rb.service(),
                    "promote", criteria(f.promote(), f, "failing"),
                    "recover", criteria(f.recover(), f, "healthy"),
                    "timing", "every " + Durations.format(f.interval()) + " · retry timeout " + Durations.format(f.retryTimeout())
                            + " · leader lease " + Durations.format(f.ttl()),
                    "cooldown", Durations.format(f.cooldown()),
                    "max_per_hour", f.maxPerHour(),
                    "probes", f.probes().stream().map(FailoverView::probe).toList());
            f.stages().ifPresent(st -> s.with("stages", Scope.of("weights",
                    st.weights().stream().map(w -> w + "%").collect(Collectors.joining(" → ")),
                    "step", st.step(), "parameter", st.parameter(), "settle", Durations.format(st.settle()))));
            return s;
        });
    }

    private static String criteria(FailoverPolicy.Criteria c, FailoverPolicy f, String what) {
        return "≥ " + Math.round(c.ratio() * 100) + "% of samples " + what + " over " + Durations.format(c.window())
                + " (at least " + c.requiredSamples(f.interval()) + " samples)";
    }

    private static Scope probe(ProbeSpec p) {
        String target;
        String healthy;
        switch (p) {
            case ProbeSpec.Http h -> {
                target = "GET " + withoutCredentials(h.url());
                healthy = "HTTP " + h.status() + (h.maxLatency() == null ? "" : " within " + Durations.format(h.maxLatency()));
            }
            case ProbeSpec.Tcp t -> {
                target = t.host() + ":" + t.port();
                healthy = "connection opens";
            }
            case ProbeSpec.Sql q -> {
                target = (q.secret() == null || q.secret().isBlank() ? withoutCredentials(q.url()) : "secret " + q.secret())
                        + ": " + q.query();
                healthy = q.expect() == null || q.expect().isBlank() ? "query runs" : "answers " + q.expect();
            }
            case ProbeSpec.Command c -> {
                target = c.command();
                healthy = "exit code 0";
            }
            case ProbeSpec.Prometheus m -> {
                target = withoutCredentials(m.baseUrl()) + ": " + m.query();
                healthy = "every value ≤ " + (m.max() == Math.rint(m.max()) ? Long.toString((long) m.max()) : Double.toString(m.max()));
            }
        }
        return Scope.of("name", p.name(), "kind", p.kind(), "target", target, "healthy", healthy,
                "timeout", Durations.format(p.timeout()));
    }

    /** A URL without user info and without its query string (either may carry a password or token). */
    static String withoutCredentials(String url) {
        if (url == null) {
            return "";
        }
        String out = url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.:-]*://)[^/@?#]*@", "$1");
        int query = out.indexOf('?');
        return query < 0 ? out : out.substring(0, query) + "?…";
    }
}
