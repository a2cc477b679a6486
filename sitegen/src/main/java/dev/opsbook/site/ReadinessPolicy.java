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
 * A backup or drill that never ran yet is a first time still to come with its next action (run a
 * backup, run a drill), not a fault: the first backup moves a runbook forward, never back. Faults
 * are what went wrong (a failed or too slow drill) or went stale (a backup older than the RPO).
 * Without run history, whether backups and drills ran is unknown, which is said the same way.
 */
final class ReadinessPolicy {
    private ReadinessPolicy() {}

    static List<PolicyFinding> check(Runbook rb, Optional<RunbookHistory> history, Instant now) {
        List<PolicyFinding> out = new ArrayList<>();
        if (rb.owners().isEmpty()) {
            out.add(PolicyFinding.fault("no-owner", Severity.ERROR,
                    "No owner: add `owners:` with a team and people so on-call knows who answers for " + rb.service() + "."));
        }
        if (rb.rto().isEmpty()) {
            out.add(PolicyFinding.fault("no-rto", Severity.WARNING, "No RTO stated: add `rto:` (e.g. 30m)."));
        }
        for (DataSource ds : rb.dataSources()) {
            if (rb.rpo().isPresent() && ds.backupFrequency().isPresent()
                    && ds.backupFrequency().get().compareTo(rb.rpo().get()) > 0) {
                out.add(PolicyFinding.fault("rpo-backup-frequency", Severity.ERROR, "Data source " + ds.name()
                        + " is backed up every " + Durations.format(ds.backupFrequency().get()) + " but the RPO is "
                        + Durations.format(rb.rpo().get()) + ": back up at least every " + Durations.format(rb.rpo().get()) + "."));
            }
        }
        if (history.isPresent()) {
            historyRules(rb, history.get(), now, out);
        } else if (backs(rb) || restores(rb)) {
            out.add(PolicyFinding.firstTime("history-unknown", "Backups and drills were not checked: this site was built"
                    + " without run history.", "Build with `--history FILE` or `--db URL` (the server does)."));
        }
        return out;
    }

    private static void historyRules(Runbook rb, RunbookHistory h, Instant now, List<PolicyFinding> out) {
        Optional<DrillRecord> last = h.lastDrill();
        if (last.isPresent()) {
            DrillRecord d = last.get();
            Optional<Duration> rto = rb.rto().or(d::rto);
            if (d.failure().isPresent()) {
                out.add(PolicyFinding.fault("drill-failed", Severity.ERROR, "The last drill failed: " + d.failure().get()
                        + ". Fix the cause and drill again."));
            } else if (!d.metRto() || rto.filter(r -> d.timeToRestore().compareTo(r) > 0).isPresent()) {
                out.add(PolicyFinding.fault("drill-over-rto", Severity.ERROR, "The last drill took "
                        + Durations.format(d.timeToRestore()) + " to restore"
                        + rto.map(r -> ", over the RTO of " + Durations.format(r)).orElse(", over its RTO") + "."));
            }
        }
        if (backs(rb) && rb.rpo().isPresent()) {
            if (h.lastBackup().isEmpty()) {
                out.add(PolicyFinding.firstTime("no-backup", "Not backed up yet: no successful backup is on record.",
                        "Run a backup: `" + backupCommand(rb) + "`" + (rb.schedules().isEmpty() ? "." : " (or let its schedule fire).")));
            } else if (Duration.between(h.lastBackup().get().finished(), now).compareTo(rb.rpo().get()) > 0) {
                out.add(PolicyFinding.fault("backup-older-than-rpo", Severity.WARNING, "The last successful backup ("
                        + Pages.time(h.lastBackup().get().finished()) + ") is older than the RPO of "
                        + Durations.format(rb.rpo().get()) + ".", "Run a backup now: `" + backupCommand(rb)
                        + "`, and find out why the last ones did not happen or failed."));
            }
        }
        if (restores(rb) && h.drills().isEmpty()) {
            out.add(PolicyFinding.firstTime("never-drilled", "Not drilled yet: no restore drill is on record, so the RTO is"
                    + " unproven.", rb.drill().isPresent() ? "Run a drill: `opsbook drill " + rb.path() + "` (or `/runbook drill "
                    + rb.id() + "`)." : "Add a `drill:` block naming a sandbox, then run a drill: `opsbook drill " + rb.path() + "`."));
        }
    }

    private static boolean backs(Runbook rb) {
        return rb.steps().stream().anyMatch(s -> s.kind() == StepKind.BACKUP);
    }

    private static boolean restores(Runbook rb) {
        return rb.steps().stream().anyMatch(s -> s.kind() == StepKind.RESTORE);
    }

    /** {@code opsbook run PATH PROCEDURE} for the first procedure with a backup step. */
    private static String backupCommand(Runbook rb) {
        return rb.procedures().stream().filter(p -> p.steps().stream().anyMatch(s -> s.kind() == StepKind.BACKUP))
                .findFirst().map(p -> "opsbook run " + rb.path() + " " + p.slug())
                .orElse("opsbook run " + rb.path());
    }
}
