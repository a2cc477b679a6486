package dev.opsbook.execution;

import java.time.Instant;

/**
 * At most one mutating run per service at a time, across every opsbook process sharing the store.
 * A lock is held until closed, or until its process dies.
 */
public interface ServiceLocks {

    Acquisition tryAcquire(String service, RunId run, String user);

    sealed interface Acquisition permits Acquired, Busy {}

    record Acquired(ServiceLock lock) implements Acquisition {}

    /** Someone else holds the service. */
    record Busy(String service, RunId run, String user, Instant startedAt) implements Acquisition {
        public String message() {
            return "service busy: run " + run + " started by " + user + " at " + startedAt;
        }
    }

    interface ServiceLock extends AutoCloseable {
        @Override
        void close();
    }
}
