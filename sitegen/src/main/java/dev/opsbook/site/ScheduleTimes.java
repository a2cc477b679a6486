package dev.opsbook.site;

import dev.opsbook.runbook.Schedule;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The next fire times of a runbook schedule as of the site build, in the schedule's own time zone (what
 * the server's scheduler will do, computed with the same Quartz cron rules). Empty when the cron or zone
 * is invalid (the lint findings on the page say why).
 */
final class ScheduleTimes {
    static final int SHOWN = 3;
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", java.util.Locale.ENGLISH);

    private ScheduleTimes() {}

    static List<String> next(Schedule schedule, Instant now) {
        ZoneId zone;
        CronExpression cron;
        try {
            zone = ZoneId.of(schedule.timeZone() == null || schedule.timeZone().isBlank() ? "UTC" : schedule.timeZone());
            cron = new CronExpression(schedule.cron().strip());
        } catch (ParseException | RuntimeException e) { // a bad zone (DateTimeException) or cron
            return List.of();
        }
        cron.setTimeZone(TimeZone.getTimeZone(zone));
        List<String> times = new ArrayList<>();
        Date after = Date.from(now);
        for (int i = 0; i < SHOWN; i++) {
            after = cron.getNextValidTimeAfter(after);
            if (after == null) {
                break;
            }
            times.add(FORMAT.format(after.toInstant().atZone(zone)));
        }
        return times;
    }
}
