package dev.opsbook.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link SeenDeliveries} for one process: keys are remembered for {@code window} (Slack retries
 * for about 5 minutes, so 15 minutes is safe) and at most {@code capacity} of them.
 */
public final class InMemorySeenDeliveries implements SeenDeliveries {
    private final Clock clock;
    private final Duration window;
    private final int capacity;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public InMemorySeenDeliveries(Clock clock, Duration window, int capacity) {
        if (capacity < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("dedupe window and capacity must be positive");
        }
        this.clock = clock;
        this.window = window;
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean firstSighting(String key) {
        Instant now = clock.instant();
        Iterator<Map.Entry<String, Instant>> oldest = seen.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Instant> e = oldest.next();
            if (e.getValue().plus(window).isAfter(now) && seen.size() < capacity) {
                break;
            }
            oldest.remove();
        }
        return seen.putIfAbsent(key, now) == null;
    }
}
