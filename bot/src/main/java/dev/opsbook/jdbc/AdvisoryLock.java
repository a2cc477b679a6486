package dev.opsbook.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A PostgreSQL session advisory lock on its own connection, held until {@link #close()} or until the
 * process (and so its session) dies. Keys are (namespace, hashtext(name)). Before the connection goes
 * back to the pool every advisory lock of the session is released, so a pooled connection never
 * carries one.
 */
final class AdvisoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdvisoryLock.class);
    static final int RUN = 0x6f700001;
    static final int SERVICE = 0x6f700002;
    static final int FAILOVER_LEADER = 0x6f700003;

    private final Connection connection;

    private AdvisoryLock(Connection connection) {
        this.connection = connection;
    }

    /** The held lock, or null when another session holds it. */
    static AdvisoryLock tryAcquire(DataSource ds, int namespace, String name) throws SQLException {
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(true);
            if (tryLock(c, namespace, name)) {
                return new AdvisoryLock(c);
            }
            c.close();
            return null;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Whether some live session holds the lock (checked by taking and releasing it). */
    static boolean isHeld(Connection c, int namespace, String name) throws SQLException {
        if (!tryLock(c, namespace, name)) {
            return true;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock(?, hashtext(?))")) {
            s.setInt(1, namespace);
            s.setString(2, name);
            s.execute();
        }
        return false;
    }

    private static boolean tryLock(Connection c, int namespace, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT pg_try_advisory_lock(?, hashtext(?))")) {
            s.setInt(1, namespace);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try (Connection c = connection; PreparedStatement s = c.prepareStatement("SELECT pg_advisory_unlock_all()")) {
            s.execute();
        } catch (SQLException e) {
            if (Outages.isOutage(e)) {
                return; // the connection is gone, and the server released the lock with it
            }
            LOG.warn("could not release an advisory lock: {} (it is released when the connection closes)", e.getMessage());
        }
    }
}
