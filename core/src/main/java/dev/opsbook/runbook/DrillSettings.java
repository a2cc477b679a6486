package dev.opsbook.runbook;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code drill:} block of a runbook: which procedure a drill runs ({@code procedure}, empty for
 * the first procedure with a restore step), the parameter values that point it at the sandbox
 * instead of production ({@code sandbox}, fixed: a drill request cannot override them), and whether
 * the procedure's approval gates are waived for drills ({@code approvalsWaived}; the sandbox is
 * disposable). {@code position} is where the block starts.
 */
public record DrillSettings(Optional<String> procedure, Map<String, String> sandbox, boolean approvalsWaived,
                            SourcePosition position) {
    public DrillSettings {
        sandbox = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sandbox));
    }

    /** The drill procedure of {@code runbook}: the named one, else the first procedure that has a restore step. */
    public Optional<Section> procedureIn(Runbook runbook) {
        if (procedure.isPresent()) {
            return runbook.procedure(procedure.get());
        }
        return runbook.procedures().stream()
                .filter(s -> s.steps().stream().anyMatch(st -> st.kind() == StepKind.RESTORE))
                .findFirst();
    }
}
