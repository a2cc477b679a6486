package dev.opsbook.failover;

import dev.opsbook.runbook.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe history behind a decision: over {@code window} ending at {@code until}, {@code failing}
 * of {@code samples} samples failed (their ratio against the policy's {@code threshold}), with the
 * most recent distinct failure reasons, newest first.
 */
public record Evidence(Instant from, Instant until, Duration window, int samples, int failing, double threshold,
                       List<String> lastErrors) {
    public Evidence {
        lastErrors = List.copyOf(lastErrors);
    }

    public double failureRatio() {
        return samples == 0 ? 0 : (double) failing / samples;
    }

    /** One line for chat and logs, e.g. "11/12 samples failing (92% ≥ 80%) over 1m". */
    public String summary() {
        return failing + "/" + samples + " samples failing (" + percent(failureRatio()) + " ≥ " + percent(threshold)
                + ") over " + Durations.format(window);
    }

    /** Flat key/value form for the audit log's details. */
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("samples", Integer.toString(samples));
        d.put("failing", Integer.toString(failing));
        d.put("failure_ratio", String.format(java.util.Locale.ROOT, "%.2f", failureRatio()));
        d.put("threshold", String.format(java.util.Locale.ROOT, "%.2f", threshold));
        d.put("window", Durations.format(window));
        d.put("from", from.toString());
        d.put("until", until.toString());
        d.put("last_errors", String.join(" | ", lastErrors));
        return d;
    }

    static String percent(double ratio) {
        return Math.round(ratio * 100) + "%";
    }
}
