package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One alert group from its first firing notification to its resolution: the alerts seen (by fingerprint, latest
 * state), the runbook matched, the channels its card is in, who acknowledged it and the diagnosis run.
 * {@link #fold} is the one place the rules of a notification live, used by every {@link Incidents} store; the
 * stores guard an incident while folding, readers get {@link #snapshot}s.
 */
public final class Incident {
    final String id;
    final String groupKey;
    final Instant openedAt;
    final Map<String, Alert> alerts = new LinkedHashMap<>();
    Optional<RunbookMatch> match = Optional.empty();
    List<ChatThread> channels = List.of();
    Optional<Instant> resolvedAt = Optional.empty();
    /** When opsbook learned of the resolution (the sender's endsAt may lie far in the past). */
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

    /** A new incident of alert group {@code groupKey}, opened at {@code now}. */
    public static Incident open(String id, String groupKey, Instant now) {
        return new Incident(id, groupKey, now);
    }

    /** An incident as a store kept it: its last snapshot, when it was opened and when its resolution was seen. */
    public static Incident restore(Snapshot s, Instant openedAt, Optional<Instant> resolutionSeen) {
        Incident i = new Incident(s.id(), s.groupKey(), openedAt);
        s.alerts().forEach(a -> i.alerts.put(a.fingerprint(), a));
        i.match = s.match();
        i.channels = s.channels();
        i.resolvedAt = s.resolvedAt();
        i.resolutionSeen = resolutionSeen;
        i.acknowledgedBy = s.acknowledgedBy();
        i.diagnosis = s.diagnosisRun();
        i.diagnosisNote = s.diagnosisNote();
        i.notifications = s.notifications();
        return i;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Optional<Instant> resolutionSeen() {
        return resolutionSeen;
    }

    public boolean resolved() {
        return resolvedAt.isPresent();
    }

    /**
     * Folds notification {@code n} into this incident ({@code opened}: it was just opened for {@code n}): the alerts'
     * latest states, the runbook (matched once, from the first alert that maps; {@code alertChannels} when the runbook
     * names no channels) and the resolution, once no alert fires.
     */
    public Incidents.Received fold(AlertNotification n, boolean opened, List<Runbook> runbooks, List<ChatThread> alertChannels,
                                   Instant now) {
        notifications++;
        List<Alert> newlyFiring = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        List<Alert> repeated = new ArrayList<>();
        for (Alert a : n.alerts()) {
            Alert before = alerts.put(a.fingerprint(), a);
            if (a.firing() && (before == null || !before.firing())) {
                newlyFiring.add(a);
            } else if (!a.firing() && (before == null || before.firing())) {
                resolved.add(a);
            } else {
                repeated.add(a);
            }
        }
        if (match.isEmpty()) {
            for (Alert a : n.alerts()) {
                match = AlertRouting.match(a, runbooks);
                if (match.isPresent()) {
                    break;
                }
            }
            channels = match.map(m -> m.runbook().alerting().channels()).filter(c -> !c.isEmpty())
                    .map(Incident::parse).orElse(alertChannels);
        }
        boolean nowResolved = false;
        if (resolvedAt.isEmpty() && alerts.values().stream().noneMatch(Alert::firing)) {
            Instant end = alerts.values().stream().map(a -> a.endsAt().orElse(now)).max(Instant::compareTo).orElse(now);
            resolvedAt = Optional.of(end);
            resolutionSeen = Optional.of(now);
            nowResolved = true;
        } else if (resolvedAt.isPresent() && alerts.values().stream().anyMatch(Alert::firing)) {
            resolvedAt = Optional.empty();
            resolutionSeen = Optional.empty();
        }
        return new Incidents.Received(snapshot(), opened, newlyFiring, resolved, repeated, nowResolved);
    }

    private static List<ChatThread> parse(List<String> channels) {
        return channels.stream().map(c -> ChatThread.channel(c.substring(0, c.indexOf(':')), c.substring(c.indexOf(':') + 1))).toList();
    }

    public Snapshot snapshot() {
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
