package dev.opsbook.schedule;

import java.time.Duration;
import java.util.Optional;

/**
 * How the clustered scheduler runs. {@code misfireThreshold}: how late a fire may start and still count as on
 * time (Quartz's {@code misfireThreshold}); later, {@link MisfirePolicy} decides. {@code checkin}: how often a
 * node tells the cluster it is alive (a silent node's in-flight work is taken over after a few intervals).
 * {@code integrityCron} and {@code retentionCron}: when the backup integrity and retention jobs run (empty:
 * never), in {@code backupJobsTimeZone}.
 */
public record SchedulerSettings(int threads, Duration checkin, Duration misfireThreshold, MisfirePolicy misfire,
                                Optional<String> integrityCron, Optional<String> retentionCron, String backupJobsTimeZone) {
    public static final SchedulerSettings DEFAULTS = new SchedulerSettings(4, Duration.ofMillis(7500),
            Duration.ofSeconds(60), MisfirePolicy.DEFAULT, Optional.of("0 30 3 * * ?"), Optional.of("0 0 3 * * ?"), "UTC");

    public SchedulerSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("the scheduler needs at least one thread, got " + threads);
        }
        integrityCron = integrityCron.filter(c -> !c.isBlank()).map(String::strip);
        retentionCron = retentionCron.filter(c -> !c.isBlank()).map(String::strip);
        try {
            java.time.ZoneId.of(backupJobsTimeZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone `" + backupJobsTimeZone + "` for the backup jobs", e);
        }
    }
}
