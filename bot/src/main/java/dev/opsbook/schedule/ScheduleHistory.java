package dev.opsbook.schedule;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditReadException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the database knows about schedules: the next fire times in Quartz's tables (trigger key = job
 * key = {@code runbook id / index-target}) and the fires and misfires in the audit log.
 */
final class ScheduleHistory {
    /** A {@code schedule.fired} event: the fire time it was for, its result (started, refused, drill…) and run. */
    record Fire(Instant scheduledFor, String result, Optional<String> runId) {}

    /** A {@code schedule.misfired} event: the missed fire time and fired_late or skipped. */
    record Misfire(Instant scheduledFor, String result) {}

    private final DataSource dataSource;

    ScheduleHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Next fire time by schedule key, of the triggers the scheduler holds (empty before the first reconcile). */
    Map<String, Instant> nextFireTimes() {
        Map<String, Instant> next = new HashMap<>();
        query("SELECT trigger_group, trigger_name, next_fire_time FROM qrtz_triggers WHERE sched_name = ?"
                + " AND next_fire_time IS NOT NULL", List.of(ClusteredScheduler.NAME),
                rs -> next.put(rs.getString(1) + "/" + rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
        return next;
    }

    Optional<Fire> lastFire(String key) {
        List<Fire> fires = new ArrayList<>();
        query("SELECT details ->> 'scheduled_for', result, details ->> 'run_id' FROM audit_event"
                        + " WHERE action = '" + AuditActions.SCHEDULE_FIRED + "' AND details ->> 'schedule' = ?"
                        + " ORDER BY sequence DESC LIMIT 1", List.of(key),
                rs -> fires.add(new Fire(Instant.parse(rs.getString(1)), rs.getString(2), Optional.ofNullable(rs.getString(3)))));
        return fires.stream().findFirst();
    }

    List<Misfire> recentMisfires(String key, int limit) {
        List<Misfire> misfires = new ArrayList<>();
        query("SELECT details ->> 'scheduled_for', result FROM audit_event"
                        + " WHERE action = '" + AuditActions.SCHEDULE_MISFIRED + "' AND details ->> 'schedule' = ?"
                        + " ORDER BY sequence DESC LIMIT " + limit, List.of(key),
                rs -> misfires.add(new Misfire(Instant.parse(rs.getString(1)), rs.getString(2))));
        return misfires;
    }

    private interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<String> args, Row row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setString(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.accept(rs);
                }
            }
        } catch (SQLException e) {
            throw new AuditReadException("cannot read schedule history: " + e.getMessage(), e);
        }
    }
}
