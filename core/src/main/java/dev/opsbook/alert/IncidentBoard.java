package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The open incidents of this process, one per alert group ({@code groupKey}), and which incident each alert
 * fingerprint belongs to. {@link #receive} folds a notification into its incident: a new group opens one, a repeat
 * of a known fingerprint updates it, and once every alert of the group is resolved the incident is resolved (and
 * forgotten after {@link #forget}). Thread-safe.
 */
public final class IncidentBoard {
    private final Clock clock;
    private final Map<String, Incident> byGroup = new HashMap<>();
    private final Map<String, Incident> byId = new HashMap<>();
    private final Map<String, Incident> byFingerprint = new HashMap<>();

    public IncidentBoard(Clock clock) {
        this.clock = clock;
    }

    /** What a notification changed: the incident after it, whether it was new, and the alerts that changed state. */
    public record Received(Incident.Snapshot incident, boolean opened, List<Alert> newlyFiring, List<Alert> resolved,
                           List<Alert> repeated, boolean nowResolved) {}

    /**
     * Folds {@code n} into its incident. {@code runbooks} are the reviewed runbooks to map the alerts to;
     * {@code alertChannels} the configured channels, used when the matched runbook names none.
     */
    public synchronized Received receive(AlertNotification n, List<Runbook> runbooks, List<ChatThread> alertChannels) {
        Incident incident = byGroup.get(n.groupKey());
        if (incident == null) {
            incident = n.alerts().stream().map(a -> byFingerprint.get(a.fingerprint())).filter(i -> i != null && i.resolvedAt.isEmpty())
                    .findFirst().orElse(null);
        }
        boolean opened = false;
        if (incident == null || incident.resolvedAt.isPresent() && n.firing()) {
            incident = new Incident("i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10), n.groupKey(),
                    clock.instant());
            opened = true;
            byGroup.put(n.groupKey(), incident);
            byId.put(incident.id, incident);
        }
        incident.notifications++;
        List<Alert> newlyFiring = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        List<Alert> repeated = new ArrayList<>();
        for (Alert a : n.alerts()) {
            Alert before = incident.alerts.put(a.fingerprint(), a);
            byFingerprint.put(a.fingerprint(), incident);
            if (a.firing() && (before == null || !before.firing())) {
                newlyFiring.add(a);
            } else if (!a.firing() && (before == null || before.firing())) {
                resolved.add(a);
            } else {
                repeated.add(a);
            }
        }
        if (incident.match.isEmpty()) {
            for (Alert a : n.alerts()) {
                incident.match = AlertRouting.match(a, runbooks);
                if (incident.match.isPresent()) {
                    break;
                }
            }
            incident.channels = incident.match.map(m -> m.runbook().alerting().channels()).filter(c -> !c.isEmpty())
                    .map(IncidentBoard::parse).orElse(alertChannels);
        }
        boolean nowResolved = false;
        if (incident.resolvedAt.isEmpty() && incident.alerts.values().stream().noneMatch(Alert::firing)) {
            Instant end = incident.alerts.values().stream().map(a -> a.endsAt().orElse(clock.instant()))
                    .max(Instant::compareTo).orElse(clock.instant());
            incident.resolvedAt = Optional.of(end);
            incident.resolutionSeen = Optional.of(clock.instant());
            nowResolved = true;
        } else if (incident.resolvedAt.isPresent() && incident.alerts.values().stream().anyMatch(Alert::firing)) {
            incident.resolvedAt = Optional.empty();
            incident.resolutionSeen = Optional.empty();
        }
        return new Received(incident.snapshot(), opened, newlyFiring, resolved, repeated, nowResolved);
    }

    public synchronized Optional<Incident.Snapshot> find(String incidentId) {
        return Optional.ofNullable(byId.get(incidentId)).map(Incident::snapshot);
    }

    /** Records who acknowledged the incident; false when it is unknown or already acknowledged. */
    public synchronized boolean acknowledge(String incidentId, String who) {
        Incident i = byId.get(incidentId);
        if (i == null || i.acknowledgedBy.isPresent()) {
            return false;
        }
        i.acknowledgedBy = Optional.of(who);
        return true;
    }

    /** Records the diagnosis run started for the incident, or why none was. */
    public synchronized void diagnosis(String incidentId, Optional<String> runId, Optional<String> note) {
        Incident i = byId.get(incidentId);
        if (i != null) {
            runId.ifPresent(r -> i.diagnosis = Optional.of(r));
            i.diagnosisNote = note;
        }
    }

    /** Drops incidents whose resolution arrived before {@code before} (their cards stay as they are in chat). */
    public synchronized void forget(Instant before) {
        List<Incident> old = byId.values().stream().filter(i -> i.resolutionSeen.map(r -> r.isBefore(before)).orElse(false)).toList();
        for (Incident i : old) {
            byId.remove(i.id);
            byGroup.remove(i.groupKey, i);
            byFingerprint.values().removeIf(x -> x == i);
        }
    }

    private static List<ChatThread> parse(List<String> channels) {
        return channels.stream().map(c -> ChatThread.channel(c.substring(0, c.indexOf(':')), c.substring(c.indexOf(':') + 1))).toList();
    }
}
