package dev.opsbook.site.history;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A restore drill: how long the restore took against the RTO in force at the time. A drill that
 * failed has a {@code failure} (why) and {@code timeToRestore} is how long it ran until it failed;
 * {@code phases} are detect, respond and recover where measured; {@code lessons} were attached later.
 */
public record DrillRecord(String runId, Instant finished, Duration timeToRestore, Optional<Duration> rto, boolean metRto,
                          Optional<String> failure, Map<String, Duration> phases, List<Lesson> lessons) {

    /** A lesson learned, attached to the drill from chat or the command line. */
    public record Lesson(Instant at, String author, String text) {}

    public DrillRecord {
        phases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(phases));
        lessons = List.copyOf(lessons);
    }

    /** A drill that recovered (phases and lessons unknown). */
    public DrillRecord(String runId, Instant finished, Duration timeToRestore, Optional<Duration> rto, boolean metRto) {
        this(runId, finished, timeToRestore, rto, metRto, Optional.empty(), Map.of(), List.of());
    }

    public boolean passed() {
        return failure.isEmpty();
    }

    public DrillRecord withLessons(List<Lesson> more) {
        return new DrillRecord(runId, finished, timeToRestore, rto, metRto, failure, phases, more);
    }
}
