package dev.opsbook.schedule;

import java.time.Duration;
import java.util.Optional;

/**
 * How the clustered scheduler runs. {@code misfireThreshold}: how late a fire may start and still count as on
 * time (Quartz's {@code misfireThreshold}); later, {@link MisfirePolicy} decides. {@code checkin}: how often a
 * node tells the cluster it is alive (a silent node's in-flight work is taken over after a few intervals).
 * {@code integrityCron}: when the backup integrity job runs (empty: never).
 */
public record SchedulerSettings(int threads, Duration checkin, Duration misfireThreshold, MisfirePolicy misfire,
                                Optional<String> integrityCron, String integrityTimeZone) {
    public static final SchedulerSettings DEFAULTS = new SchedulerSettings(4, Duration.ofMillis(7500),
            Duration.ofSeconds(60), MisfirePolicy.DEFAULT, Optional.of("0 30 3 * * ?"), "UTC");

    public SchedulerSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("the scheduler needs at least one thread, got " + threads);
        }
        integrityCron = integrityCron.filter(c -> !c.isBlank()).map(String::strip);
        try {
            java.time.ZoneId.of(integrityTimeZone);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone `" + integrityTimeZone + "` for the integrity job", e);
        }
    }
}
