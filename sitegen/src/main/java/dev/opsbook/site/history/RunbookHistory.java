package dev.opsbook.site.history;

import java.util.List;
import java.util.Optional;

/**
 * What the audit log says about one runbook: its runs newest first, its last successful backup and
 * its drills oldest first (the order a trend chart plots them in), and its incidents (alerts it answered) newest first.
 */
public record RunbookHistory(List<RunRecord> runs, Optional<BackupRecord> lastBackup, List<DrillRecord> drills,
                             List<IncidentRecord> incidents) {
    public static final RunbookHistory EMPTY = new RunbookHistory(List.of(), Optional.empty(), List.of(), List.of());

    public RunbookHistory {
        runs = List.copyOf(runs);
        drills = List.copyOf(drills);
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
    }

    /** A history without incidents. */
    public RunbookHistory(List<RunRecord> runs, Optional<BackupRecord> lastBackup, List<DrillRecord> drills) {
        this(runs, lastBackup, drills, List.of());
    }

    public Optional<DrillRecord> lastDrill() {
        return drills.isEmpty() ? Optional.empty() : Optional.of(drills.getLast());
    }

    public boolean isEmpty() {
        return runs.isEmpty() && lastBackup.isEmpty() && drills.isEmpty() && incidents.isEmpty();
    }
}
