package dev.opsbook.site.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An incident of a runbook, from its {@code alert.*} audit events: the alert, its severity, when it started, the
 * automatic diagnosis run, and when it resolved (empty while it is open).
 */
public record IncidentRecord(String id, String alert, String severity, Instant started, Optional<String> diagnosisRun,
                             Optional<Instant> resolved, Optional<Duration> duration) {
    IncidentRecord withDiagnosis(String runId) {
        return new IncidentRecord(id, alert, severity, started, Optional.of(runId), resolved, duration);
    }

    IncidentRecord resolved(Instant at, Optional<Duration> lasted) {
        return new IncidentRecord(id, alert, severity, started, diagnosisRun, Optional.of(at), lasted);
    }
}
