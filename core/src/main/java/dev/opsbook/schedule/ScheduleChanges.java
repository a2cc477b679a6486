package dev.opsbook.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What reconciling the scheduler with the runbooks does: schedules to add, to remove (keys the runbooks
 * no longer have) and to change (same key, new cron or time zone). Pure: computed from the two lists.
 */
public record ScheduleChanges(List<ScheduledJob> added, List<ScheduledJob> removed, List<ScheduledJob> changed) {
    public ScheduleChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** From what the scheduler has ({@code existing}) to what the runbooks say ({@code wanted}); keys are unique in each. */
    public static ScheduleChanges between(Collection<ScheduledJob> wanted, Collection<ScheduledJob> existing) {
        Map<String, ScheduledJob> have = existing.stream().collect(Collectors.toMap(ScheduledJob::key, Function.identity(),
                (a, b) -> a));
        Map<String, ScheduledJob> want = wanted.stream().collect(Collectors.toMap(ScheduledJob::key, Function.identity(),
                (a, b) -> a));
        List<ScheduledJob> added = new ArrayList<>();
        List<ScheduledJob> changed = new ArrayList<>();
        for (ScheduledJob w : want.values()) {
            ScheduledJob h = have.get(w.key());
            if (h == null) {
                added.add(w);
            } else if (!h.sameTiming(w)) {
                changed.add(w);
            }
        }
        List<ScheduledJob> removed = have.values().stream().filter(h -> !want.containsKey(h.key())).toList();
        return new ScheduleChanges(sorted(added), sorted(removed), sorted(changed));
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** Comma-separated keys, for the audit details and the log. */
    public static String keys(List<ScheduledJob> jobs) {
        return jobs.stream().map(ScheduledJob::key).collect(Collectors.joining(","));
    }

    private static List<ScheduledJob> sorted(List<ScheduledJob> jobs) {
        return jobs.stream().sorted(java.util.Comparator.comparing(ScheduledJob::key)).toList();
    }
}
