package dev.opsbook.site;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.history.DrillRecord;
import dev.opsbook.site.history.RunRecord;
import dev.opsbook.site.history.RunbookHistory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The "living status" block of a runbook: last runs, last backup, last drill against the RTO, trend chart. */
final class StatusView {
    static final int RUNS_SHOWN = 8;

    private StatusView() {}

    static Scope of(RunbookEntry e) {
        if (e.history().isEmpty()) {
            return Scope.of("no_history", true);
        }
        RunbookHistory h = e.history().get();
        Optional<Duration> rto = e.runbook().flatMap(Runbook::rto);
        Scope s = Scope.of("history", true, "empty", h.isEmpty());
        List<Scope> runs = h.runs().stream().limit(RUNS_SHOWN).map(StatusView::run).toList();
        s.with("runs", runs.isEmpty() ? null : runs);
        h.lastBackup().ifPresent(b -> s.with("last_backup", Scope.of("time", Pages.time(b.finished()), "step", b.stepId(), "run", b.runId())));
        h.lastDrill().ifPresent(d -> s.with("last_drill", drill(d, rto)));
        List<Duration> points;
        String label;
        List<DrillRecord> recovered = h.drills().stream().filter(DrillRecord::passed).toList();
        if (!recovered.isEmpty()) {
            points = recovered.stream().map(DrillRecord::timeToRestore).toList();
            label = "Time to restore in the last " + points.size() + " drills";
        } else {
            points = h.runs().reversed().stream().filter(RunRecord::succeeded).flatMap(r -> r.duration().stream()).toList();
            label = "Duration of the last " + points.size() + " successful runs";
        }
        s.with("trend", TrendChart.svg(label, points, recovered.isEmpty() ? Optional.empty() : rto));
        List<Scope> drills = h.drills().reversed().stream().limit(RUNS_SHOWN).map(d -> drill(d, rto)).toList();
        s.with("drills", drills.isEmpty() ? null : drills);
        s.with("has_drills", !drills.isEmpty());
        List<Scope> incidents = h.incidents().stream().limit(RUNS_SHOWN).map(i -> Scope.of("time", Pages.time(i.started()),
                "alert", i.alert(), "severity", i.severity(), "id", i.id(), "diagnosis", i.diagnosisRun().orElse(null),
                "lasted", i.resolved().isPresent() ? Pages.duration(i.duration().or(() -> i.resolved().map(r ->
                        Duration.between(i.started(), r)))) : null, "open", i.resolved().isEmpty())).toList();
        s.with("incidents", incidents.isEmpty() ? null : incidents);
        s.with("trend_label", points.isEmpty() ? null : label);
        return s;
    }

    private static Scope run(RunRecord r) {
        return Scope.of("time", Pages.time(r.started()), "who", r.startedBy(), "procedure", r.procedure(),
                "result", r.result().orElse("running"), "result_class", r.result().orElse("running").replace('_', '-'),
                "duration", Pages.duration(r.duration()), "dry_run", r.dryRun(), "run", r.runId());
    }

    private static Scope drill(DrillRecord d, Optional<Duration> rto) {
        Optional<Duration> limit = rto.or(d::rto);
        boolean met = d.passed() && d.metRto() && limit.map(l -> d.timeToRestore().compareTo(l) <= 0).orElse(true);
        return Scope.of("time", Pages.time(d.finished()), "ttr", d.passed() ? Pages.duration(Optional.of(d.timeToRestore())) : "failed",
                "rto", Pages.duration(limit), "met", met, "missed", !met, "run", d.runId(),
                "failure", d.failure().orElse(null),
                "detect", Pages.duration(Optional.ofNullable(d.phases().get("detect"))),
                "respond", Pages.duration(Optional.ofNullable(d.phases().get("respond"))),
                "recover", Pages.duration(Optional.ofNullable(d.phases().get("recover"))),
                "lessons", d.lessons().isEmpty() ? null : d.lessons().stream().map(l -> Scope.of("text", l.text(),
                        "author", l.author(), "time", Pages.time(l.at()))).toList());
    }

    /** One-line summaries for the home page. */
    static String lastDrillShort(RunbookEntry e) {
        return e.history().flatMap(RunbookHistory::lastDrill)
                .map(d -> (d.passed() ? Pages.duration(Optional.of(d.timeToRestore())) : "failed") + (d.metRto() ? " ✓" : " ✗"))
                .orElse("");
    }
}
