package dev.opsbook.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.ServiceLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * Service locks shared by every opsbook process on one database: a session advisory lock per service
 * on a connection held for the run's duration (released by PostgreSQL if the process dies), plus a
 * {@code service_lock} row naming the holder for the "service busy" message.
 */
public final class AdvisoryServiceLocks implements ServiceLocks {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryServiceLocks.class);
    private final DataSource dataSource;
    private final Clock clock;

    public AdvisoryServiceLocks(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public Acquisition tryAcquire(String service, RunId run, String user) {
        try {
            AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, AdvisoryLock.SERVICE, service);
            if (lock == null) {
                return busy(service);
            }
            try (PreparedStatement s = lock.connection().prepareStatement("""
                    INSERT INTO service_lock (service, run_id, user_id, started_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (service) DO UPDATE SET run_id = excluded.run_id, user_id = excluded.user_id,
                        started_at = excluded.started_at""")) {
                s.setString(1, service);
                s.setString(2, run.value());
                s.setString(3, user);
                s.setTimestamp(4, Timestamp.from(clock.instant()));
                s.executeUpdate();
            } catch (SQLException e) {
                lock.close();
                throw e;
            }
            return new Acquired(() -> release(lock, service, run));
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot take the lock of service " + service + ": " + e.getMessage(), e);
        }
    }

    private Busy busy(String service) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT run_id, user_id, started_at FROM service_lock WHERE service = ?")) {
            s.setString(1, service);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return new Busy(service, new RunId(rs.getString(1)), rs.getString(2), rs.getTimestamp(3).toInstant());
                }
            }
        }
        return new Busy(service, new RunId("unknown"), "another opsbook process", Instant.EPOCH);
    }

    private static void release(AdvisoryLock lock, String service, RunId run) {
        try (PreparedStatement s = lock.connection().prepareStatement(
                "DELETE FROM service_lock WHERE service = ? AND run_id = ?")) {
            s.setString(1, service);
            s.setString(2, run.value());
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("stale lock row for service {} left behind: {}", service, e.getMessage());
        } finally {
            lock.close();
        }
    }
}
