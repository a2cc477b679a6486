package dev.opsbook.schedule;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Schedule;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The schedules the runbooks ask for, and the ones that cannot be scheduled and why (a time zone Java
 * does not know, a target that is neither a procedure, a step nor {@code drill}). The linter reports
 * the same problems; this keeps a runbook with a bad schedule from taking the others down with it.
 */
public record WantedSchedules(List<ScheduledJob> jobs, List<String> problems) {
    public WantedSchedules {
        jobs = List.copyOf(jobs);
        problems = List.copyOf(problems);
    }

    public static WantedSchedules of(Collection<Runbook> runbooks) {
        List<ScheduledJob> jobs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Runbook rb : runbooks) {
            for (int i = 0; i < rb.schedules().size(); i++) {
                Schedule s = rb.schedules().get(i);
                String where = rb.id() + " schedule " + (i + 1) + " (" + rb.path() + ":" + s.position().line() + ")";
                if (s.target() == null || s.target().isBlank() || s.cron() == null || s.cron().isBlank()) {
                    problems.add(where + ": needs both `cron` and `run`");
                    continue;
                }
                ScheduledJob job = ScheduledJob.of(rb, i + 1, s);
                try {
                    ZoneId.of(job.timeZone());
                } catch (DateTimeException e) {
                    problems.add(where + ": unknown time zone `" + job.timeZone() + "` (use an id like Europe/Berlin or UTC)");
                    continue;
                }
                if (!job.drill() && rb.step(job.target()).isEmpty() && rb.procedure(job.target()).isEmpty()) {
                    problems.add(where + ": `run: " + job.target() + "` is neither a procedure, a step id nor `drill`");
                    continue;
                }
                jobs.add(job);
            }
        }
        return new WantedSchedules(jobs, problems);
    }
}
