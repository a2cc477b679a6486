package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Incidents} in the memory of one process (tests, and the CLI's tools); {@code opsbook serve} keeps them in
 * PostgreSQL. Resolved incidents are dropped by {@link #forget}. Thread-safe.
 */
public final class IncidentBoard implements Incidents {
    private final Clock clock;
    private final Map<String, Incident> byGroup = new HashMap<>();
    private final Map<String, Incident> byId = new HashMap<>();
    private final Map<String, Incident> byFingerprint = new HashMap<>();
    private final Map<String, List<String>> runs = new HashMap<>();

    public IncidentBoard(Clock clock) {
        this.clock = clock;
    }

    /** A fresh incident id ({@code i-} and ten hex digits). */
    public static String newId() {
        return "i-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @Override
    public synchronized Received receive(AlertNotification n, List<Runbook> runbooks, List<ChatThread> alertChannels) {
        Incident incident = byGroup.get(n.groupKey());
        if (incident == null) {
            incident = n.alerts().stream().map(a -> byFingerprint.get(a.fingerprint())).filter(i -> i != null && !i.resolved())
                    .findFirst().orElse(null);
        }
        boolean opened = false;
        if (incident == null || incident.resolved() && n.firing()) {
            incident = Incident.open(newId(), n.groupKey(), clock.instant());
            opened = true;
            byGroup.put(n.groupKey(), incident);
            byId.put(incident.id, incident);
        }
        for (Alert a : n.alerts()) {
            byFingerprint.put(a.fingerprint(), incident);
        }
        return incident.fold(n, opened, runbooks, alertChannels, clock.instant());
    }

    @Override
    public synchronized Optional<Incident.Snapshot> find(String incidentId) {
        return Optional.ofNullable(byId.get(incidentId)).map(Incident::snapshot);
    }

    @Override
    public synchronized List<Incident.Snapshot> recent(int limit) {
        return byId.values().stream().sorted(java.util.Comparator.comparing((Incident i) -> i.openedAt).reversed()).limit(limit)
                .map(Incident::snapshot).toList();
    }

    @Override
    public synchronized boolean acknowledge(String incidentId, String who) {
        Incident i = byId.get(incidentId);
        if (i == null || i.acknowledgedBy.isPresent()) {
            return false;
        }
        i.acknowledgedBy = Optional.of(who);
        return true;
    }

    @Override
    public synchronized void diagnosis(String incidentId, Optional<String> runId, Optional<String> note) {
        Incident i = byId.get(incidentId);
        if (i != null) {
            runId.ifPresent(r -> i.diagnosis = Optional.of(r));
            i.diagnosisNote = note;
        }
    }

    @Override
    public synchronized void linkRun(String incidentId, String runId, String linkedBy) {
        List<String> linked = runs.computeIfAbsent(incidentId, k -> new java.util.ArrayList<>());
        if (!linked.contains(runId)) {
            linked.add(runId);
        }
    }

    @Override
    public synchronized List<String> runs(String incidentId) {
        return List.copyOf(runs.getOrDefault(incidentId, List.of()));
    }

    /** Drops incidents whose resolution arrived before {@code before} (their cards stay as they are in chat). */
    @Override
    public synchronized void forget(Instant before) {
        List<Incident> old = byId.values().stream().filter(i -> i.resolutionSeen.map(r -> r.isBefore(before)).orElse(false)).toList();
        for (Incident i : old) {
            byId.remove(i.id);
            byGroup.remove(i.groupKey, i);
            byFingerprint.values().removeIf(x -> x == i);
            runs.remove(i.id);
        }
    }
}
