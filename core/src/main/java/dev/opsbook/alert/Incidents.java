package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Runbook;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where incidents are kept: one per alert group ({@code groupKey}) and which incident each alert fingerprint belongs
 * to. {@link #receive} folds a notification into its incident ({@link Incident#fold}) atomically: a new group opens
 * one, a repeat of a known group or fingerprint updates it, and a group that fires again after its incident was
 * resolved opens a new one. {@link IncidentBoard} keeps them in memory (one process); the server keeps them in
 * PostgreSQL, shared by every replica and kept across restarts. Implementations are thread-safe.
 */
public interface Incidents {

    /** What a notification changed: the incident after it, whether it was new, and the alerts that changed state. */
    record Received(Incident.Snapshot incident, boolean opened, List<Alert> newlyFiring, List<Alert> resolved,
                    List<Alert> repeated, boolean nowResolved) {}

    /**
     * Folds {@code n} into its incident. {@code runbooks} are the reviewed runbooks to map the alerts to;
     * {@code alertChannels} the configured channels, used when the matched runbook names none.
     */
    Received receive(AlertNotification n, List<Runbook> runbooks, List<ChatThread> alertChannels);

    Optional<Incident.Snapshot> find(String incidentId);

    /** The {@code limit} most recently opened incidents, newest first (open and resolved). */
    List<Incident.Snapshot> recent(int limit);

    /** Records who acknowledged the incident; false when it is unknown or already acknowledged. */
    boolean acknowledge(String incidentId, String who);

    /** Records the diagnosis run started for the incident, or why none was. */
    void diagnosis(String incidentId, Optional<String> runId, Optional<String> note);

    /** Records that run {@code runId} belongs to the incident: its diagnosis, or started from its card or thread. */
    void linkRun(String incidentId, String runId, String linkedBy);

    /** The runs linked to the incident, in the order they were linked. */
    List<String> runs(String incidentId);

    /** Incidents resolved before {@code before} no longer take notifications (a repeat opens a new incident). */
    void forget(Instant before);
}
