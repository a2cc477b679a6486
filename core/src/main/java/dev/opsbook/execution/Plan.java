package dev.opsbook.execution;

import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a run will do, in order: {@code steps} (requires respected), and {@code rollbacks}, the steps
 * named by their {@code rollback=} attribute, which run only when the step they undo fails. A plan
 * with any mutating step takes the service lock.
 */
public record Plan(Runbook runbook, RunTarget target, List<Step> steps, List<Step> rollbacks) {
    public Plan {
        steps = List.copyOf(steps);
        rollbacks = List.copyOf(rollbacks);
    }

    /** Environment variables every step gets (secrets are per step: see {@link Step#secrets()}). */
    public static final List<String> OPSBOOK_VARIABLES = List.of("OPSBOOK_RUN_ID", "OPSBOOK_STEP_ID",
            "OPSBOOK_RUNBOOK_ID", "OPSBOOK_SERVICE", "OPSBOOK_WORKDIR", "OPSBOOK_RUNBOOK_DIR", "OPSBOOK_ARTIFACTS",
            "OPSBOOK_SANDBOX");

    public boolean mutating() {
        return steps.stream().anyMatch(s -> s.kind().isMutating()) || rollbacks.stream().anyMatch(s -> s.kind().isMutating());
    }

    public List<Step> allSteps() {
        List<Step> all = new ArrayList<>(steps);
        all.addAll(rollbacks);
        return all;
    }

    public Optional<Step> step(String id) {
        return allSteps().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public List<String> environmentNames() {
        Set<String> names = new LinkedHashSet<>();
        runbook.parameters().stream().map(Parameter::envName).forEach(names::add);
        names.addAll(OPSBOOK_VARIABLES);
        return List.copyOf(names);
    }
}
