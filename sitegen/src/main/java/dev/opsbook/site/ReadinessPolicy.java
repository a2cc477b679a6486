package dev.opsbook.site;

import dev.opsbook.runbook.DataSource;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Severity;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.site.history.DrillRecord;
import dev.opsbook.site.history.RunbookHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The readiness rules of the scorecard, beyond lint: an owner, backups at least as frequent as the
 * RPO, a drill on record, the last drill within the RTO, and a recent enough successful backup.
 * History-based rules apply only when run history was given.
 */
final class ReadinessPolicy {
    private ReadinessPolicy() {}

    static List<PolicyFinding> check(Runbook rb, Optional<RunbookHistory> history, Instant now) {
        List<PolicyFinding> out = new ArrayList<>();
        if (rb.owners().isEmpty()) {
            out.add(new PolicyFinding("no-owner", Severity.ERROR,
                    "No owner: add `owners:` with a team and people so on-call knows who answers for " + rb.service() + "."));
        }
        if (rb.rto().isEmpty()) {
            out.add(new PolicyFinding("no-rto", Severity.WARNING, "No RTO stated: add `rto:` (e.g. 30m)."));
        }
        for (DataSource ds : rb.dataSources()) {
            if (rb.rpo().isPresent() && ds.backupFrequency().isPresent()
                    && ds.backupFrequency().get().compareTo(rb.rpo().get()) > 0) {
                out.add(new PolicyFinding("rpo-backup-frequency", Severity.ERROR, "Data source " + ds.name()
                        + " is backed up every " + Durations.format(ds.backupFrequency().get()) + " but the RPO is "
                        + Durations.format(rb.rpo().get()) + ": back up at least every " + Durations.format(rb.rpo().get()) + "."));
            }
        }
        history.ifPresent(h -> historyRules(rb, h, now, out));
        return out;
    }

    private static void historyRules(Runbook rb, RunbookHistory h, Instant now, List<PolicyFinding> out) {
        boolean restores = rb.steps().stream().anyMatch(s -> s.kind() == StepKind.RESTORE);
        if (restores && h.drills().isEmpty()) {
            out.add(new PolicyFinding("never-drilled", Severity.WARNING,
                    "Never drilled: no restore drill is on record, so the RTO is unproven. Schedule a drill."));
        }
        Optional<DrillRecord> last = h.lastDrill();
        if (last.isPresent()) {
            DrillRecord d = last.get();
            Optional<Duration> rto = rb.rto().or(d::rto);
            if (d.failure().isPresent()) {
                out.add(new PolicyFinding("drill-failed", Severity.ERROR, "The last drill failed: " + d.failure().get()
                        + ". Fix the cause and drill again."));
            } else if (!d.metRto() || rto.filter(r -> d.timeToRestore().compareTo(r) > 0).isPresent()) {
                out.add(new PolicyFinding("drill-over-rto", Severity.ERROR, "The last drill took "
                        + Durations.format(d.timeToRestore()) + " to restore"
                        + rto.map(r -> ", over the RTO of " + Durations.format(r)).orElse(", over its RTO") + "."));
            }
        }
        boolean backs = rb.steps().stream().anyMatch(s -> s.kind() == StepKind.BACKUP);
        if (backs && rb.rpo().isPresent()) {
            if (h.lastBackup().isEmpty()) {
                out.add(new PolicyFinding("no-backup", Severity.WARNING, "No successful backup is on record."));
            } else if (Duration.between(h.lastBackup().get().finished(), now).compareTo(rb.rpo().get()) > 0) {
                out.add(new PolicyFinding("backup-older-than-rpo", Severity.WARNING, "The last successful backup ("
                        + Pages.time(h.lastBackup().get().finished()) + ") is older than the RPO of "
                        + Durations.format(rb.rpo().get()) + "."));
            }
        }
    }
}
