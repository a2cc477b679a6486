package dev.opsbook.runbook;

import java.util.List;
import java.util.Optional;

/**
 * How a runbook answers alerts: the alert names it is the runbook for ({@code alerts:}), the chat channels its
 * incident cards go to instead of the configured alert channels ({@code alert_channels:}, {@code platform:channel}),
 * and the read-only procedure opsbook runs at once when one of its alerts fires ({@code on_alert: {run: PROCEDURE}};
 * without it, the procedure named {@code diagnose}). {@code position} is where {@code alerts:} was written.
 */
public record AlertSettings(List<String> names, List<String> channels, Optional<String> onAlert, SourcePosition position) {
    /** The procedure opsbook runs when no {@code on_alert:} names one. */
    public static final String DIAGNOSE = "diagnose";
    public static final AlertSettings NONE = new AlertSettings(List.of(), List.of(), Optional.empty(), SourcePosition.START);

    public AlertSettings {
        names = List.copyOf(names);
        channels = List.copyOf(channels);
        onAlert = onAlert == null ? Optional.empty() : onAlert;
    }

    /** Whether the reviewed runbook itself asks to be run on an alert ({@code alerts:} or {@code on_alert:}). */
    public boolean answersAlerts() {
        return !names.isEmpty() || onAlert.isPresent();
    }

    /** The diagnosis procedure of {@code runbook}: the one {@code on_alert:} names, else the one named {@code diagnose}. */
    public Optional<Section> diagnosisIn(Runbook runbook) {
        return runbook.procedure(onAlert.orElse(DIAGNOSE));
    }

    /** The steps of {@code procedure} that are not read-only ({@code kind=check}): a diagnosis must have none. */
    public static List<Step> mutatingSteps(Section procedure) {
        return procedure.steps().stream().filter(s -> s.kind() != StepKind.CHECK).toList();
    }
}
