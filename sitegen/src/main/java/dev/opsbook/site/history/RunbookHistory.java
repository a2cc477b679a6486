package dev.opsbook.site.history;

import java.util.List;
import java.util.Optional;

/**
 * What the audit log says about one runbook: its runs newest first, its last successful backup and
 * its drills oldest first (the order a trend chart plots them in).
 */
public record RunbookHistory(List<RunRecord> runs, Optional<BackupRecord> lastBackup, List<DrillRecord> drills) {
    public static final RunbookHistory EMPTY = new RunbookHistory(List.of(), Optional.empty(), List.of());

    public RunbookHistory {
        runs = List.copyOf(runs);
        drills = List.copyOf(drills);
    }

    public Optional<DrillRecord> lastDrill() {
        return drills.isEmpty() ? Optional.empty() : Optional.of(drills.getLast());
    }

    public boolean isEmpty() {
        return runs.isEmpty() && lastBackup.isEmpty() && drills.isEmpty();
    }
}
