package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One alert group from its first firing notification to its resolution: the alerts seen (by fingerprint, latest
 * state), the runbook matched, the channels its card is in, who acknowledged it and the diagnosis run. Guarded by
 * the {@link IncidentBoard}'s lock; readers get {@link #snapshot}s.
 */
public final class Incident {
    final String id;
    final String groupKey;
    final Instant openedAt;
    final Map<String, Alert> alerts = new LinkedHashMap<>();
    Optional<RunbookMatch> match = Optional.empty();
    List<ChatThread> channels = List.of();
    Optional<Instant> resolvedAt = Optional.empty();
    /** When this process learned of the resolution (the sender's endsAt may lie far in the past). */
    Optional<Instant> resolutionSeen = Optional.empty();
    Optional<String> acknowledgedBy = Optional.empty();
    Optional<String> diagnosis = Optional.empty();
    Optional<String> diagnosisNote = Optional.empty();
    int notifications;

    Incident(String id, String groupKey, Instant openedAt) {
        this.id = id;
        this.groupKey = groupKey;
        this.openedAt = openedAt;
    }

    Snapshot snapshot() {
        Instant start = alerts.values().stream().map(Alert::startsAt).min(Instant::compareTo).orElse(openedAt);
        return new Snapshot(id, groupKey, new ArrayList<>(alerts.values()), match, channels, start, resolvedAt,
                acknowledgedBy, diagnosis, diagnosisNote, notifications);
    }

    /** What a card shows of an incident at one moment. */
    public record Snapshot(String id, String groupKey, List<Alert> alerts, Optional<RunbookMatch> match,
                           List<ChatThread> channels, Instant startedAt, Optional<Instant> resolvedAt,
                           Optional<String> acknowledgedBy, Optional<String> diagnosisRun, Optional<String> diagnosisNote,
                           int notifications) {
        public Snapshot {
            alerts = List.copyOf(alerts);
            channels = List.copyOf(channels);
        }

        public boolean resolved() {
            return resolvedAt.isPresent();
        }

        public Alert first() {
            return alerts.getFirst();
        }

        public List<Alert> firing() {
            return alerts.stream().filter(Alert::firing).toList();
        }

        public Optional<Duration> duration() {
            return resolvedAt.map(end -> Duration.between(startedAt, end));
        }
    }
}
