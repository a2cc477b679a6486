package dev.opsbook.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A postmortem draft of one incident or run, made from the audit log alone: the header facts, every event in time
 * order (who did what), and the lessons recorded for the runbook's drills and runs.
 */
public record Timeline(String id, Optional<String> incident, List<String> runs, String runbook, String service,
                       String alert, Instant start, Optional<Instant> end, Optional<Duration> timeToFirstAction,
                       Optional<Duration> timeToMitigation, List<Entry> entries, List<Lesson> lessons) {
    public Timeline {
        runs = List.copyOf(runs);
        entries = List.copyOf(entries);
        lessons = List.copyOf(lessons);
    }

    /** One row: when (UTC), who, and what happened. */
    public record Entry(Instant time, String actor, String event, Optional<String> runId) {}

    /** A lesson attached to a run or drill of the runbook ({@code drill.lesson}). */
    public record Lesson(Instant time, String runId, String text, String by) {}
}
