package dev.opsbook.runbook;

import java.util.List;

/**
 * A heading and the steps under it (up to the next heading of the same or a higher level).
 * Sections with steps are procedures that can be run by name or {@link #slug()}.
 */
public record Section(String title, String slug, int level, List<Step> steps, SourcePosition position) {
    public Section {
        steps = List.copyOf(steps);
    }

    public boolean isProcedure() {
        return !steps.isEmpty();
    }
}
