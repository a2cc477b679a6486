package dev.opsbook.schedule;

import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.runbook.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code /runbook schedules [SERVICE]}: every schedule of the runbooks with its cron, time zone and target,
 * the next fire time the (clustered) scheduler holds, the last fire and the recent misfires from the audit
 * log. Reads the database only, so any replica answers the same.
 */
public final class ScheduleListing {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", java.util.Locale.ENGLISH);

    private final ScheduleHistory history;
    private final Clock clock;

    public ScheduleListing(DataSource dataSource, Clock clock) {
        this.history = new ScheduleHistory(dataSource);
        this.clock = clock;
    }

    public ChatMessage list(Collection<Runbook> runbooks, Optional<String> service) {
        List<Runbook> chosen = runbooks.stream().filter(r -> service.map(s -> s.equals(r.service())).orElse(true)).toList();
        WantedSchedules wanted = WantedSchedules.of(chosen);
        String scope = service.map(s -> "of " + s).orElse("of all services");
        if (wanted.jobs().isEmpty() && wanted.problems().isEmpty()) {
            return ChatMessage.builder("No schedules " + scope + ". A runbook schedules itself with `schedules:` in its"
                    + " front matter (docs/schedules.md).").status(ChatStatus.INFO).build();
        }
        Map<String, Instant> next = history.nextFireTimes();
        List<String> lines = new ArrayList<>();
        for (ScheduledJob job : wanted.jobs()) {
            lines.add(describe(job, Optional.ofNullable(next.get(job.key()))));
        }
        for (String problem : wanted.problems()) {
            lines.add("⚠ not scheduled: " + problem);
        }
        return ChatMessage.builder("*Schedules* " + scope + " (" + wanted.jobs().size() + ")\n" + String.join("\n", lines))
                .status(wanted.problems().isEmpty() ? ChatStatus.INFO : ChatStatus.FAILED)
                .context("Times are the schedule's own time zone; missed fire times follow the misfire policy in docs/schedules.md.")
                .build();
    }

    private String describe(ScheduledJob job, Optional<Instant> next) {
        ZoneId zone = ZoneId.of(job.timeZone());
        StringBuilder b = new StringBuilder("• `" + job.key() + "` → " + (job.drill() ? "drill" : "`" + job.target() + "`")
                + "  `" + job.cron() + "` " + job.timeZone());
        b.append("\n    next: ").append(next.map(n -> LOCAL.format(n.atZone(zone)) + " (in " + until(n) + ")")
                .orElse("not scheduled (the scheduler is off here or has not reconciled this runbook yet)"));
        b.append("\n    last: ").append(history.lastFire(job.key()).map(f -> LOCAL.format(f.scheduledFor().atZone(zone))
                + " — " + f.result() + f.runId().map(id -> " `" + id + "`").orElse("")).orElse("never fired"));
        List<ScheduleHistory.Misfire> misfires = history.recentMisfires(job.key(), 3);
        if (!misfires.isEmpty()) {
            b.append("\n    misfires: ").append(String.join(", ", misfires.stream()
                    .map(m -> LOCAL.format(m.scheduledFor().atZone(zone)) + " " + m.result().replace('_', ' ')).toList()));
        }
        return b.toString();
    }

    private String until(Instant when) {
        long s = Math.max(0, java.time.Duration.between(clock.instant(), when).toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 7200) {
            return (s / 60) + "m";
        }
        return s < 172_800 ? (s / 3600) + "h" : (s / 86_400) + "d";
    }
}
