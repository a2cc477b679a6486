package dev.opsbook.schedule;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Schedule;

/**
 * One schedule of one runbook as the scheduler keeps it. Its key is stable while the runbook keeps the
 * schedule at the same place with the same target: {@code group} is the runbook id and {@code name} is
 * {@code <index>-<target>} (index counted from 1 in the front matter's {@code schedules:} list). A change
 * of cron or time zone keeps the key (the trigger is replaced); a new target or position is a new key.
 *
 * @param target a procedure (heading slug or title), a step id, or {@link #DRILL}
 */
public record ScheduledJob(String runbookId, int index, String cron, String timeZone, String target) {
    /** The target that starts a drill of the runbook instead of a run. */
    public static final String DRILL = "drill";

    public ScheduledJob {
        if (runbookId == null || runbookId.isBlank() || target == null || target.isBlank()) {
            throw new IllegalArgumentException("a scheduled job needs a runbook id and a target");
        }
        if (index < 1) {
            throw new IllegalArgumentException("schedule index counts from 1, got " + index);
        }
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
    }

    /** The {@code index}th (from 1) schedule of {@code runbook}. */
    public static ScheduledJob of(Runbook runbook, int index, Schedule schedule) {
        return new ScheduledJob(runbook.id(), index, schedule.cron().strip(), schedule.timeZone(), schedule.target().strip());
    }

    public String group() {
        return runbookId;
    }

    public String name() {
        return index + "-" + target;
    }

    /** {@code group/name}: what the audit log ({@code details.schedule}) and chat call this schedule. */
    public String key() {
        return group() + "/" + name();
    }

    public boolean drill() {
        return DRILL.equals(target);
    }

    /** Same key, same timing. */
    boolean sameTiming(ScheduledJob other) {
        return cron.equals(other.cron) && timeZone.equals(other.timeZone);
    }
}
