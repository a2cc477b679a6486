package dev.opsbook.watchdog;

import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which runbooks the failover controllers should watch, read from the runbook files: every runbook with a
 * {@code failover:} block and no lint errors, the first per service; the others are listed as not watched, with
 * the reason (as {@code /runbook failover} shows them).
 */
record WatchPlan(List<Runbook> watched, List<String> skipped) {
    WatchPlan {
        watched = List.copyOf(watched);
        skipped = List.copyOf(skipped);
    }

    static WatchPlan of(List<ParsedRunbook> parsed) {
        List<Runbook> watched = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Set<String> services = new HashSet<>();
        for (ParsedRunbook p : parsed) {
            if (p.runbook().isEmpty() || p.runbook().get().failover().isEmpty()) {
                continue;
            }
            Runbook rb = p.runbook().get();
            List<LintFinding> errors = p.errors();
            if (!errors.isEmpty()) {
                skipped.add("`" + rb.id() + "` has lint errors (" + errors.getFirst().format() + ")");
            } else if (!services.add(rb.service())) {
                skipped.add("`" + rb.id() + "`: another runbook already watches `" + rb.service() + "`");
            } else {
                watched.add(rb);
            }
        }
        return new WatchPlan(watched, skipped);
    }
}
