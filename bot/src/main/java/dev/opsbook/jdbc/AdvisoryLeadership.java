package dev.opsbook.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Leadership of the failover controller per service across opsbook replicas: a PostgreSQL session
 * advisory lock per service, held on its own connection. {@link #lead} takes it when free and, when
 * held, confirms at every loop (waiting at most {@code ttl}) that the session still lives; a replica
 * that cannot confirm gives the lock up and does not act, and a dead replica's lock ends with its
 * session, so another replica leads from its next loop. Thread-safe.
 */
public final class AdvisoryLeadership implements AutoCloseable {
    private final DataSource dataSource;
    private final Map<String, AdvisoryLock> held = new ConcurrentHashMap<>();

    public AdvisoryLeadership(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether this process leads {@code service}'s controller now (taking or confirming the lock). */
    public boolean lead(String service, Duration ttl) {
        AdvisoryLock current = held.get(service);
        if (current != null) {
            if (alive(current, ttl)) {
                return true;
            }
            held.remove(service);
            current.close();
            return false;
        }
        try {
            AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, AdvisoryLock.FAILOVER_LEADER, service);
            if (lock == null) {
                return false;
            }
            held.put(service, lock);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Whether this process held the leadership of {@code service} at its last loop. */
    public boolean holds(String service) {
        return held.containsKey(service);
    }

    /** Gives up the leadership of {@code service} (another replica can take it at its next loop). */
    public void release(String service) {
        AdvisoryLock lock = held.remove(service);
        if (lock != null) {
            lock.close();
        }
    }

    private static boolean alive(AdvisoryLock lock, Duration ttl) {
        try {
            return lock.connection().isValid((int) Math.max(1, ttl.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        held.keySet().forEach(this::release);
    }
}
