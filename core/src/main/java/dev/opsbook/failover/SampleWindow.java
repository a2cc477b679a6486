package dev.opsbook.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * The recent samples of one service, oldest first, kept for {@code retention}. Answers how many
 * samples of a window ending now failed, and whether the history covers that window at all (a
 * controller that just started has not watched long enough to conclude anything).
 */
final class SampleWindow {
    private static final int LAST_ERRORS = 3;

    private final Duration retention;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Instant firstSeen;

    SampleWindow(Duration retention) {
        this.retention = retention;
    }

    void add(Sample sample) {
        if (!samples.isEmpty() && sample.at().isBefore(samples.getLast().at())) {
            throw new IllegalArgumentException("samples must arrive in time order: " + sample.at() + " after " + samples.getLast().at());
        }
        if (firstSeen == null) {
            firstSeen = sample.at();
        }
        samples.addLast(sample);
        while (!samples.isEmpty() && samples.getFirst().at().isBefore(sample.at().minus(retention))) {
            samples.removeFirst();
        }
    }

    /** The samples taken after {@code now - window}. */
    List<Sample> within(Instant now, Duration window) {
        Instant start = now.minus(window);
        return samples.stream().filter(s -> s.at().isAfter(start) && !s.at().isAfter(now)).toList();
    }

    /** Whether watching began at least {@code window - slack} before {@code now}. */
    boolean covers(Instant now, Duration window, Duration slack) {
        return firstSeen != null && !firstSeen.isAfter(now.minus(window).plus(slack));
    }

    Evidence evidence(Instant now, Duration window, double threshold) {
        List<Sample> in = within(now, window);
        int failing = (int) in.stream().filter(s -> !s.healthy()).count();
        List<String> errors = new ArrayList<>();
        for (Iterator<Sample> it = new ArrayDeque<>(in).descendingIterator(); it.hasNext() && errors.size() < LAST_ERRORS; ) {
            for (String f : it.next().failures()) {
                if (errors.size() < LAST_ERRORS && !errors.contains(f)) {
                    errors.add(f);
                }
            }
        }
        Instant from = in.isEmpty() ? now : in.getFirst().at();
        return new Evidence(from, now, window, in.size(), failing, threshold, errors);
    }

    List<Sample> recent(int n) {
        List<Sample> all = new ArrayList<>(samples);
        return all.subList(Math.max(0, all.size() - n), all.size());
    }
}
