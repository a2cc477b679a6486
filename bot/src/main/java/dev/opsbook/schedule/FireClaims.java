package dev.opsbook.schedule;

import dev.opsbook.jdbc.DatabaseUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The once-only guard of scheduled work: the first process to claim (schedule, fire time) does the work,
 * every later claim of the same pair is refused (table {@code schedule_fire}, primary key). Quartz's
 * clustered store already fires each trigger once; this also covers a late fire after a misfire and any
 * redelivery of the same fire.
 */
final class FireClaims {
    private final DataSource dataSource;

    FireClaims(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True when this call claimed the fire; false when it was claimed before. */
    boolean claim(String scheduleKey, Instant scheduledFor, Instant now, String delivery) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO schedule_fire (schedule_key, scheduled_for, fired_at,"
                     + " instance) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, scheduleKey);
            ps.setTimestamp(2, Timestamp.from(scheduledFor));
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, delivery);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot record the fire of schedule " + scheduleKey + " at " + scheduledFor
                    + ": " + e.getMessage(), e);
        }
    }
}
