package dev.opsbook.jdbc;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Leadership of the failover controller per service across opsbook replicas: a PostgreSQL session
 * advisory lock per service, held on its own connection. {@link #lead} takes it when free and, when
 * held, confirms the session still lives; leadership counts only while the last confirmation is
 * younger than {@code ttl} (a replica cut off from the database stops acting within ttl, and its
 * lock dies with its session). Thread-safe.
 */
public final class AdvisoryLeadership implements AutoCloseable {
    private final DataSource dataSource;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    private record Held(AdvisoryLock lock, Instant confirmed) {}

    public AdvisoryLeadership(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Whether this process leads {@code service}'s controller now (taking or confirming the lock). */
    public boolean lead(String service, Duration ttl) {
        Instant now = clock.instant();
        Held current = held.get(service);
        if (current != null) {
            if (alive(current.lock(), ttl)) {
                held.put(service, new Held(current.lock(), now));
                return true;
            }
            held.remove(service);
            current.lock().close();
            return false;
        }
        try {
            AdvisoryLock lock = AdvisoryLock.tryAcquire(dataSource, AdvisoryLock.FAILOVER_LEADER, service);
            if (lock == null) {
                return false;
            }
            held.put(service, new Held(lock, now));
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Gives up the leadership of {@code service} (another replica can take it at its next loop). */
    public void release(String service) {
        Held h = held.remove(service);
        if (h != null) {
            h.lock().close();
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
