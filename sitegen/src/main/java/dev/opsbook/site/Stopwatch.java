package dev.opsbook.site;

import java.util.ArrayList;
import java.util.List;

/** Stage timings of a build, printed to stderr when the system property {@code opsbook.site.timings} is true. */
final class Stopwatch {
    private static final boolean ON = Boolean.getBoolean("opsbook.site.timings");
    private final List<String> laps = new ArrayList<>();
    private long last = System.nanoTime();

    void lap(String stage) {
        if (ON) {
            long now = System.nanoTime();
            laps.add(stage + " " + (now - last) / 1_000_000 + " ms");
            last = now;
        }
    }

    void print() {
        if (ON) {
            System.err.println("sitegen timings: " + String.join(", ", laps));
        }
    }
}
