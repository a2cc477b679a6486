package dev.opsbook.server;

import dev.opsbook.schedule.MisfirePolicy;
import dev.opsbook.schedule.SchedulerSettings;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scheduler settings ({@code opsbook.schedules.*} and {@code opsbook.backups.*}, from {@code OPSBOOK_*} variables).
 *
 * @param enabled          false: this replica does not join the scheduler cluster (others still fire)
 * @param misfireGrace     a fire time missed by at most this long runs once, late; older ones are skipped
 * @param misfireThreshold how late a fire may start and still count as on time
 * @param checkin          how often a node checks in with the cluster
 * @param integrityCron    Quartz cron of the backup integrity job (blank: off), in {@code timeZone}
 * @param retentionCron    Quartz cron of the backup retention job (blank: off), in {@code timeZone}
 */
@ConfigurationProperties("opsbook")
public record ScheduleProperties(Schedules schedules, Backups backups) {
    public ScheduleProperties {
        schedules = schedules == null ? new Schedules(true, null, null, null, 0) : schedules;
        backups = backups == null ? new Backups(null, null, null) : backups;
    }

    public record Schedules(boolean enabled, Duration misfireGrace, Duration misfireThreshold, Duration checkin, int threads) {}

    public record Backups(String integrityCron, String retentionCron, String timeZone) {}

    SchedulerSettings settings() {
        SchedulerSettings d = SchedulerSettings.DEFAULTS;
        Schedules s = schedules;
        return new SchedulerSettings(s.threads() > 0 ? s.threads() : d.threads(),
                s.checkin() != null ? s.checkin() : d.checkin(),
                s.misfireThreshold() != null ? s.misfireThreshold() : d.misfireThreshold(),
                s.misfireGrace() != null ? new MisfirePolicy(s.misfireGrace()) : d.misfire(),
                Optional.ofNullable(backups.integrityCron()), Optional.ofNullable(backups.retentionCron()),
                backups.timeZone() == null || backups.timeZone().isBlank() ? "UTC" : backups.timeZone());
    }
}
