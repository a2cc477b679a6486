package dev.opsbook.drill;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a drill measured. Marks are instants: {@code detected} (latest backup located and its SHA-256
 * verified), {@code responded} (the first restore step started), {@code recovered} (the last
 * validation after the restore passed, in a run that succeeded). A drill {@code passed} when it
 * recovered; {@code reason} says why not otherwise. Phases are consecutive: detect = start →
 * detected, respond = detected → responded, recover = responded → recovered; time to restore =
 * start → recovered. {@code sandbox} is the drill block's parameter values, {@code k=v, …}.
 */
public record DrillResult(
        String drillId,
        String runbookId,
        String service,
        String procedure,
        String sandbox,
        Instant started,
        Optional<Instant> detected,
        Optional<Instant> responded,
        Optional<Instant> recovered,
        Instant finished,
        Optional<Duration> rto,
        Optional<String> backupId,
        Optional<String> runState,
        String reason) {

    /** Marks are kept to the millisecond, so the phases add up exactly to the time to restore. */
    public DrillResult {
        started = started.truncatedTo(ChronoUnit.MILLIS);
        detected = detected.map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        responded = responded.map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        recovered = recovered.map(i -> i.truncatedTo(ChronoUnit.MILLIS));
        finished = finished.truncatedTo(ChronoUnit.MILLIS);
    }

    public boolean passed() {
        return recovered.isPresent();
    }

    public Optional<Duration> timeToRestore() {
        return recovered.map(r -> Duration.between(started, r));
    }

    /** Recovered within the RTO (a drill of a runbook without an RTO meets it by recovering). */
    public boolean metRto() {
        return timeToRestore().map(t -> rto.map(r -> t.compareTo(r) <= 0).orElse(true)).orElse(false);
    }

    public Optional<Duration> detect() {
        return detected.map(d -> Duration.between(started, d));
    }

    public Optional<Duration> respond() {
        return detected.flatMap(d -> responded.map(r -> Duration.between(d, r)));
    }

    public Optional<Duration> recover() {
        return responded.flatMap(r -> recovered.map(v -> Duration.between(r, v)));
    }

    /** The audit details of {@code drill.finished} (the site and the metrics read these names). */
    public Map<String, String> details() {
        Map<String, String> d = new LinkedHashMap<>();
        detect().ifPresent(x -> d.put("time_to_detect_ms", Long.toString(x.toMillis())));
        respond().ifPresent(x -> d.put("time_to_respond_ms", Long.toString(x.toMillis())));
        recover().ifPresent(x -> d.put("time_to_recover_ms", Long.toString(x.toMillis())));
        timeToRestore().ifPresent(x -> d.put("time_to_restore_ms", Long.toString(x.toMillis())));
        d.put("elapsed_ms", Long.toString(Duration.between(started, finished).toMillis()));
        rto.ifPresent(r -> d.put("rto_ms", Long.toString(r.toMillis())));
        d.put("met_rto", Boolean.toString(metRto()));
        d.put("service", service);
        d.put("procedure", procedure);
        d.put("sandbox", sandbox);
        backupId.ifPresent(b -> d.put("backup", b));
        runState.ifPresent(s -> d.put("run_state", s));
        if (!reason.isEmpty()) {
            d.put("reason", reason);
        }
        return d;
    }
}
