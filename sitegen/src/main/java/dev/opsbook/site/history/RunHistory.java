package dev.opsbook.site.history;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RecordedEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run history per runbook id, derived from audit events ({@link AuditActions}): runs from
 * {@code run.started}/{@code run.finished}, backups from successful {@code step.finished} events with
 * {@code details.kind=backup}, drills from {@code drill.finished} (with their {@code drill.lesson}s). Events must come in
 * sequence order. Incidents come from {@code alert.received} (the matched runbook, {@code details.incident}), their
 * diagnosis from {@code alert.diagnosis} and their end from {@code alert.resolved}.
 */
public final class RunHistory {
    /** How many runs per runbook the site keeps (newest first). */
    public static final int RUNS_KEPT = 20;
    /** How many drills per runbook the trend chart shows. */
    public static final int DRILLS_KEPT = 30;

    private final Map<String, RunbookHistory> byRunbook;
    private final long events;

    private RunHistory(Map<String, RunbookHistory> byRunbook, long events) {
        this.byRunbook = byRunbook;
        this.events = events;
    }

    public static RunHistory of(Iterable<RecordedEvent> events) {
        Builder b = new Builder();
        events.forEach(b::accept);
        return b.build();
    }

    /** Reads every event of {@code log} (the bot's PostgreSQL audit log, or an in-memory one). */
    public static RunHistory of(AuditLog log) {
        Builder b = new Builder();
        log.read(1, b::accept);
        return b.build();
    }

    public RunbookHistory forRunbook(String runbookId) {
        return byRunbook.getOrDefault(runbookId, RunbookHistory.EMPTY);
    }

    /** Number of audit events read, whatever their action. */
    public long eventCount() {
        return events;
    }

    private static final class Builder {
        private final Map<String, RunRecord> runs = new LinkedHashMap<>();
        private final Map<String, BackupRecord> backups = new HashMap<>();
        private final Map<String, List<DrillRecord>> drills = new HashMap<>();
        private final Map<String, List<DrillRecord.Lesson>> lessons = new HashMap<>();
        private final Map<String, IncidentRecord> incidents = new LinkedHashMap<>();
        private final Map<String, String> incidentRunbook = new HashMap<>();
        private long count;

        void accept(RecordedEvent recorded) {
            count++;
            AuditEvent e = recorded.event();
            Optional<String> runbook = e.runbook().map(r -> r.id());
            if (runbook.isEmpty()) {
                return;
            }
            String id = runbook.get();
            switch (e.action()) {
                case AuditActions.RUN_STARTED -> e.runId().ifPresent(run -> runs.put(run, new RunRecord(run, id,
                        recorded.time(), e.actor().displayName(), e.details().getOrDefault("procedure", ""),
                        Boolean.parseBoolean(e.details().getOrDefault("dry_run", "false")),
                        Optional.empty(), Optional.empty())));
                case AuditActions.RUN_FINISHED -> e.runId().ifPresent(run -> {
                    RunRecord started = runs.get(run);
                    RunRecord base = started != null ? started : new RunRecord(run, id, recorded.time(),
                            e.actor().displayName(), e.details().getOrDefault("procedure", ""), false,
                            Optional.empty(), Optional.empty());
                    runs.put(run, base.finished(e.result(), e.duration(), recorded.time()));
                });
                case AuditActions.STEP_FINISHED -> {
                    if ("backup".equals(e.details().get("kind")) && "succeeded".equals(e.result())
                            && !Boolean.parseBoolean(e.details().getOrDefault("dry_run", "false"))) {
                        backups.put(id, new BackupRecord(e.runId().orElse(""), e.stepId().orElse(""), recorded.time()));
                    }
                }
                case AuditActions.DRILL_FINISHED -> drill(recorded, e).ifPresent(d ->
                        drills.computeIfAbsent(id, k -> new ArrayList<>()).add(d));
                case AuditActions.DRILL_LESSON -> e.runId().ifPresent(run -> lessons.computeIfAbsent(run, k -> new ArrayList<>())
                        .add(new DrillRecord.Lesson(recorded.time(), e.actor().displayName(), e.details().getOrDefault("text", ""))));
                case AuditActions.ALERT_RECEIVED -> incident(e).ifPresent(i -> {
                    if (!incidents.containsKey(i)) {
                        incidents.put(i, new IncidentRecord(i, e.details().getOrDefault("alert", ""), e.details().getOrDefault("severity", ""),
                                parse(e.details().get("starts_at")).orElse(recorded.time()), Optional.empty(), Optional.empty(),
                                Optional.empty()));
                        incidentRunbook.put(i, id);
                    }
                });
                case AuditActions.ALERT_DIAGNOSIS -> incident(e).filter(incidents::containsKey).ifPresent(i ->
                        e.runId().ifPresent(run -> incidents.put(i, incidents.get(i).withDiagnosis(run))));
                case AuditActions.ALERT_RESOLVED -> incident(e).filter(incidents::containsKey).ifPresent(i -> incidents.put(i,
                        incidents.get(i).resolved(parse(e.details().get("ended_at")).orElse(recorded.time()), e.duration())));
                default -> { }
            }
        }

        private static Optional<String> incident(AuditEvent e) {
            return Optional.ofNullable(e.details().get("incident")).filter(s -> !s.isBlank());
        }

        private static Optional<java.time.Instant> parse(String time) {
            try {
                return time == null ? Optional.empty() : Optional.of(java.time.Instant.parse(time));
            } catch (java.time.format.DateTimeParseException e) {
                return Optional.empty();
            }
        }

        private static Optional<DrillRecord> drill(RecordedEvent recorded, AuditEvent e) {
            Optional<Duration> ttr = millis(e.details().get("time_to_restore_ms"));
            Optional<Duration> rto = millis(e.details().get("rto_ms"));
            Map<String, Duration> phases = new LinkedHashMap<>();
            for (String phase : List.of("detect", "respond", "recover")) {
                millis(e.details().get("time_to_" + phase + "_ms")).ifPresent(d -> phases.put(phase, d));
            }
            if (ttr.isEmpty()) {
                Optional<Duration> elapsed = millis(e.details().get("elapsed_ms"));
                if (elapsed.isEmpty() || !"failed".equals(e.result())) {
                    return Optional.empty();
                }
                return Optional.of(new DrillRecord(e.runId().orElse(""), recorded.time(), elapsed.get(), rto, false,
                        Optional.of(e.details().getOrDefault("reason", "the drill failed")), phases, List.of()));
            }
            boolean met = e.details().containsKey("met_rto")
                    ? Boolean.parseBoolean(e.details().get("met_rto"))
                    : rto.map(r -> ttr.get().compareTo(r) <= 0).orElse(true);
            return Optional.of(new DrillRecord(e.runId().orElse(""), recorded.time(), ttr.get(), rto, met, Optional.empty(),
                    phases, List.of()));
        }

        private static Optional<Duration> millis(String text) {
            try {
                return text == null ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(text.strip())));
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
        }

        RunHistory build() {
            Map<String, List<RunRecord>> perRunbook = new HashMap<>();
            runs.values().forEach(r -> perRunbook.computeIfAbsent(r.runbookId(), k -> new ArrayList<>()).add(r));
            Map<String, RunbookHistory> out = new HashMap<>();
            java.util.Set<String> ids = new java.util.HashSet<>(perRunbook.keySet());
            ids.addAll(backups.keySet());
            ids.addAll(drills.keySet());
            ids.addAll(incidentRunbook.values());
            Map<String, List<IncidentRecord>> incidentsOf = new HashMap<>();
            incidents.values().forEach(i -> incidentsOf.computeIfAbsent(incidentRunbook.get(i.id()), k -> new ArrayList<>()).add(i));
            for (String id : ids) {
                List<RunRecord> rs = new ArrayList<>(perRunbook.getOrDefault(id, List.of()));
                rs.sort(Comparator.comparing(RunRecord::started).reversed());
                List<DrillRecord> ds = drills.getOrDefault(id, List.of()).stream()
                        .map(d -> lessons.containsKey(d.runId()) ? d.withLessons(lessons.get(d.runId())) : d).toList();
                List<IncidentRecord> is = new ArrayList<>(incidentsOf.getOrDefault(id, List.of()));
                is.sort(Comparator.comparing(IncidentRecord::started).reversed());
                out.put(id, new RunbookHistory(rs.subList(0, Math.min(RUNS_KEPT, rs.size())),
                        Optional.ofNullable(backups.get(id)),
                        ds.subList(Math.max(0, ds.size() - DRILLS_KEPT), ds.size()),
                        is.subList(0, Math.min(RUNS_KEPT, is.size()))));
            }
            return new RunHistory(out, count);
        }
    }
}
