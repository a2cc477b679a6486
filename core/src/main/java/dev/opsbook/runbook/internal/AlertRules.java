package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.AlertSettings;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks what a runbook runs on an alert: {@code on_alert.run} names a procedure of the runbook, and the diagnosis
 * procedure (that one, or {@code diagnose} when the runbook names alerts) has only read-only steps
 * ({@code kind=check}), since opsbook runs it unattended as {@code opsbook:alertmanager}; a mutating step means it
 * is not run automatically (a warning: the procedure can still be started by hand, with approvals).
 */
final class AlertRules {
    private final Findings findings;
    private final Positions positions;

    AlertRules(Findings findings, Positions positions) {
        this.findings = findings;
        this.positions = positions;
    }

    void check(AlertSettings alerting, List<Section> sections) {
        List<Section> procedures = sections.stream().filter(Section::isProcedure).toList();
        Optional<Section> diagnosis;
        String where;
        if (alerting.onAlert().isPresent()) {
            String name = alerting.onAlert().get();
            where = "on_alert/run";
            diagnosis = procedures.stream().filter(s -> s.slug().equals(name) || s.title().equalsIgnoreCase(name)).findFirst();
            if (diagnosis.isEmpty()) {
                findings.at(positions.get(where), Rule.UNKNOWN_PROCEDURE, "on_alert runs procedure \"" + name
                        + "\", which this runbook does not have (procedures: "
                        + procedures.stream().map(s -> "'" + s.slug() + "'").collect(Collectors.joining(", ")) + ")");
                return;
            }
        } else if (!alerting.names().isEmpty()) {
            where = "alerts";
            diagnosis = procedures.stream().filter(s -> s.slug().equals(AlertSettings.DIAGNOSE)).findFirst();
        } else {
            return;
        }
        diagnosis.ifPresent(procedure -> {
            List<Step> mutating = AlertSettings.mutatingSteps(procedure);
            if (!mutating.isEmpty()) {
                Step first = mutating.getFirst();
                findings.at(positions.get(where), Rule.ALERT_DIAGNOSIS, "the diagnosis procedure '" + procedure.slug()
                        + "' has step " + first.id() + " of kind=" + first.kind().name().toLowerCase(Locale.ROOT)
                        + ": opsbook runs a diagnosis unattended only when every step is kind=check, so this one will not"
                        + " run on an alert; move the step to another procedure");
            }
        });
    }
}
