package dev.opsbook.alert;

import dev.opsbook.runbook.AlertSettings;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alert names runbooks list in their front matter ({@code alerts:}), and for each which runbook an alert of that
 * name maps to by {@link AlertRouting}'s rule (a runbook without lint errors, the smallest id when several list it),
 * whether its diagnosis runs at once, and which other runbooks list it in vain (duplicates, or runbooks with lint
 * errors, which alerts never reach). What {@code opsbook lint --alerts} prints.
 */
public final class AlertIndex {
    private AlertIndex() {}

    /** Where a runbook lists the alert: its id, file and the line of {@code alerts:}. */
    public record Naming(String runbook, String path, int line) {
        public String where() {
            return path + ":" + line;
        }
    }

    /**
     * One alert name. {@code answeredBy}: the runbook its alerts map to, empty when every runbook listing it has lint
     * errors; {@code diagnosis}: the procedure run at once (empty when none, or {@code diagnosisNote} says why not);
     * {@code ignored}: the other runbooks listing it.
     */
    public record Entry(String alert, Optional<Naming> answeredBy, Optional<String> diagnosis, String diagnosisNote,
                        List<Naming> ignored) {}

    public static List<Entry> of(List<ParsedRunbook> files) {
        Map<String, List<Naming>> named = new TreeMap<>();
        Map<String, Runbook> byId = new TreeMap<>();
        List<Runbook> reviewed = new ArrayList<>();
        for (ParsedRunbook file : files) {
            if (file.runbook().isEmpty()) {
                continue;
            }
            Runbook rb = file.runbook().get();
            if (!file.hasErrors()) {
                reviewed.add(rb);
                byId.put(rb.id(), rb);
            }
            for (String name : rb.alerting().names()) {
                named.computeIfAbsent(name, k -> new ArrayList<>())
                        .add(new Naming(rb.id(), file.path(), rb.alerting().position().line()));
            }
        }
        List<Entry> out = new ArrayList<>();
        named.forEach((name, namings) -> {
            Alert probe = new Alert(true, Map.of("alertname", name), Map.of(), Instant.EPOCH, Optional.empty(), "lint", "");
            Optional<Runbook> winner = AlertRouting.match(probe, reviewed).map(RunbookMatch::runbook);
            Optional<Naming> answered = winner.flatMap(w -> namings.stream().filter(n -> n.runbook().equals(w.id())).findFirst());
            List<Naming> ignored = namings.stream().filter(n -> answered.map(a -> a != n).orElse(true)).toList();
            Optional<String> diagnosis = Optional.empty();
            String note = "";
            if (winner.isPresent()) {
                AlertSettings alerting = winner.get().alerting();
                Optional<Section> procedure = alerting.diagnosisIn(winner.get());
                if (procedure.isEmpty()) {
                    note = "no diagnosis procedure (`## Diagnose` or on_alert: {run: PROCEDURE})";
                } else if (!AlertSettings.mutatingSteps(procedure.get()).isEmpty()) {
                    Step step = AlertSettings.mutatingSteps(procedure.get()).getFirst();
                    note = "diagnosis `" + procedure.get().slug() + "` not run at once: step " + step.id() + " is kind="
                            + step.kind().label();
                } else {
                    diagnosis = Optional.of(procedure.get().slug());
                }
            } else {
                note = "every runbook listing it has lint errors, so no alert reaches them";
            }
            out.add(new Entry(name, answered, diagnosis, note, ignored));
        });
        return out;
    }
}
