package dev.opsbook.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbook.runbook.Durations;
import java.time.Duration;
import java.util.Optional;

/** A drill result in words (chat, terminal) and as JSON ({@code opsbook drill --json}). */
public final class DrillReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DrillReport() {}

    /** One line: outcome, time to restore against the RTO, or the reason it failed. */
    public static String headline(DrillResult r) {
        if (!r.passed()) {
            return "Drill " + r.drillId() + " of " + r.runbookId() + " FAILED: " + r.reason();
        }
        return "Drill " + r.drillId() + " of " + r.runbookId() + " restored in " + format(r.timeToRestore())
                + r.rto().map(rto -> (r.metRto() ? " — within" : " — OVER") + " the RTO of " + Durations.format(rto))
                .orElse(" (no RTO set)");
    }

    /** The phases, one per line. */
    public static String phases(DrillResult r) {
        return "detect  " + format(r.detect()) + "  (start → latest backup located, SHA-256 verified)\n"
                + "respond " + format(r.respond()) + "  (→ restore step started)\n"
                + "recover " + format(r.recover()) + "  (→ last validation passed)\n"
                + "backup  " + r.backupId().orElse("none");
    }

    public static String json(DrillResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("drill", r.drillId()).put("runbook", r.runbookId()).put("service", r.service())
                .put("result", r.passed() ? "passed" : "failed").put("started", r.started().toString())
                .put("finished", r.finished().toString());
        r.details().forEach((k, v) -> {
            if (k.endsWith("_ms")) {
                n.put(k, Long.parseLong(v));
            } else if (k.equals("met_rto")) {
                n.put(k, Boolean.parseBoolean(v));
            } else {
                n.put(k, v);
            }
        });
        return n.toString();
    }

    static String format(Optional<Duration> d) {
        return d.map(x -> x.toMillis() < 1000 ? x.toMillis() + "ms" : String.format(java.util.Locale.ROOT, "%.1fs",
                x.toMillis() / 1000.0)).orElse("—");
    }
}
