package dev.opsbook.web;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition every 100 ms until it holds or {@code limit} passes (then the test fails). */
public final class Eventually {
    private Eventually() {}

    public static void within(Duration limit, Callable<Boolean> condition) {
        long end = System.nanoTime() + limit.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        fail("condition did not hold within " + limit + (last == null ? "" : " (last error: " + last + ")"));
    }
}
