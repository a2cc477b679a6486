package dev.opsbook.execution;

import java.time.Duration;

/** Waits; injected so that retry backoff and approval polling are tested without real sleeping. */
@FunctionalInterface
public interface Sleeper {
    Sleeper REAL = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
