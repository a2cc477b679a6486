package dev.opsbook.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One alert of a notification, as Alertmanager (and Grafana, which uses the same shape) sends it:
 * {@code status} firing or resolved, its labels (always with {@code alertname}), annotations, when it
 * started and, once resolved, ended, and its fingerprint (computed from the labels when the sender
 * gives none).
 */
public record Alert(boolean firing, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                    Optional<Instant> endsAt, String fingerprint, String generatorUrl) {

    public Alert {
        labels = Map.copyOf(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
        if (labels.getOrDefault("alertname", "").isBlank()) {
            throw new IllegalArgumentException("an alert needs the label alertname");
        }
        if (fingerprint == null || fingerprint.isBlank()) {
            throw new IllegalArgumentException("an alert needs a fingerprint");
        }
        endsAt = endsAt == null ? Optional.empty() : endsAt;
        generatorUrl = generatorUrl == null ? "" : generatorUrl;
    }

    public String name() {
        return labels.get("alertname");
    }

    /** The {@code severity} label, or empty. */
    public String severity() {
        return labels.getOrDefault("severity", "");
    }

    /** The {@code summary} annotation, else {@code description}, else empty. */
    public String summary() {
        String summary = annotations.getOrDefault("summary", "");
        return summary.isBlank() ? annotations.getOrDefault("description", "") : summary;
    }

    public Optional<String> runbookUrl() {
        return Optional.ofNullable(annotations.get("runbook_url")).map(String::strip).filter(s -> !s.isEmpty());
    }

    public Optional<String> label(String name) {
        return Optional.ofNullable(labels.get(name)).map(String::strip).filter(s -> !s.isEmpty());
    }
}
