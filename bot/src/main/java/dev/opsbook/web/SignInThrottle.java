package dev.opsbook.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses sign-ins for a user name after {@code maxFailures} failed attempts within {@code window}, until the
 * oldest of them is {@code window} old. Counts per name (not per address, which an attacker changes freely), so a
 * flood of wrong passwords locks that name for a while; a success clears its count. Remembers at most 10,000 names.
 */
final class SignInThrottle {
    private static final int NAMES_KEPT = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > NAMES_KEPT;
        }
    };

    SignInThrottle(Clock clock, int maxFailures, Duration window) {
        if (maxFailures < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("sign-in throttling needs at least one allowed failure and a positive window");
        }
        this.clock = clock;
        this.maxFailures = maxFailures;
        this.window = window;
    }

    /** How long {@code name} is still refused, if it is. */
    synchronized Optional<Duration> refusedFor(String name) {
        Deque<Instant> recent = recent(key(name));
        if (recent.size() < maxFailures) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(clock.instant(), recent.peekFirst().plus(window)));
    }

    synchronized void failed(String name) {
        Deque<Instant> recent = recent(key(name));
        recent.addLast(clock.instant());
        while (recent.size() > maxFailures) {
            recent.removeFirst();
        }
        failures.put(key(name), recent);
    }

    synchronized void succeeded(String name) {
        failures.remove(key(name));
    }

    private Deque<Instant> recent(String key) {
        Deque<Instant> recent = failures.getOrDefault(key, new ArrayDeque<>());
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
        return recent;
    }

    private static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}
