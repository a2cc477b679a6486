package dev.opsbook.testing;

import dev.opsbook.execution.RunId;
import dev.opsbook.execution.ServiceLocks;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Service locks within one JVM. */
public final class FakeServiceLocks implements ServiceLocks {
    private final Map<String, Busy> held = new ConcurrentHashMap<>();
    private final Clock clock;

    public FakeServiceLocks(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Acquisition tryAcquire(String service, RunId run, String user) {
        Busy mine = new Busy(service, run, user, clock.instant());
        Busy existing = held.putIfAbsent(service, mine);
        if (existing != null) {
            return existing;
        }
        return new Acquired(() -> held.remove(service, mine));
    }

    public boolean isHeld(String service) {
        return held.containsKey(service);
    }
}
