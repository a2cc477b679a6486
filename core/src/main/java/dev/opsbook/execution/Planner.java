package dev.opsbook.execution;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import dev.opsbook.runbook.StepKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders a procedure's steps: document order, except that a step runs after the steps it
 * {@code requires} (a stable topological sort: among ready steps the earliest in the document goes
 * first). Requirements outside the selection are not pulled in: {@code --step} runs exactly one step.
 * Rollback-kind steps named by another step's {@code rollback=} run only on failure, or in a roll-back
 * ({@link RunTarget#rollbackOf}), which runs exactly its steps in its order. Runme cells marked
 * {@code excludeFromRunAll} are left out of procedure runs (as Runme's "run all" leaves them out); they run with --step.
 */
public final class Planner {
    private Planner() {}

    public static Plan plan(Runbook runbook, RunTarget target) {
        if (target.rollback().isPresent()) {
            return rollback(runbook, target);
        }
        List<Step> selected;
        if (target.step().isPresent()) {
            String id = target.step().get();
            selected = List.of(runbook.step(id).orElseThrow(() -> new PlanException("runbook " + runbook.id()
                    + " has no step " + id + " (steps: " + String.join(", ", runbook.steps().stream().map(Step::id).toList()) + ")")));
        } else {
            String name = target.procedure().orElseThrow();
            Section section = runbook.procedure(name).orElseThrow(() -> new PlanException("runbook " + runbook.id()
                    + " has no procedure \"" + name + "\" (procedures: "
                    + String.join(", ", runbook.procedures().stream().map(Section::slug).toList()) + ")"));
            selected = section.steps().stream().filter(s -> !s.excludedFromRunAll()).toList();
        }
        Set<String> rollbackIds = new LinkedHashSet<>();
        for (Step s : selected) {
            s.rollback().ifPresent(rollbackIds::add);
        }
        List<Step> rollbacks = new ArrayList<>();
        for (String id : rollbackIds) {
            rollbacks.add(runbook.step(id).orElseThrow(() -> new PlanException("rollback step " + id
                    + " is not in runbook " + runbook.id())));
        }
        List<Step> main = selected.stream()
                .filter(s -> !(rollbackIds.contains(s.id()) && s.kind() == StepKind.ROLLBACK && selected.size() > 1))
                .toList();
        return new Plan(runbook, target, order(main), rollbacks.stream().filter(r -> !main.contains(r)).toList());
    }

    /** A roll-back runs its steps in the given order and has no rollbacks of its own. */
    private static Plan rollback(Runbook runbook, RunTarget target) {
        List<Step> steps = new ArrayList<>();
        for (String id : target.rollback().orElseThrow().steps()) {
            steps.add(runbook.step(id).orElseThrow(() -> new PlanException("rollback step " + id + " is not in runbook "
                    + runbook.id() + " any more")));
        }
        return new Plan(runbook, target, steps, List.of());
    }

    static List<Step> order(List<Step> steps) {
        Set<String> ids = new LinkedHashSet<>();
        steps.forEach(s -> ids.add(s.id()));
        List<Step> remaining = new ArrayList<>(steps);
        List<Step> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        while (!remaining.isEmpty()) {
            Step ready = remaining.stream()
                    .filter(s -> s.requires().stream().filter(ids::contains).allMatch(done::contains))
                    .findFirst()
                    .orElseThrow(() -> new PlanException("steps " + String.join(", ", remaining.stream().map(Step::id).toList())
                            + " require each other in a cycle; fix their requires= attributes"));
            remaining.remove(ready);
            ordered.add(ready);
            done.add(ready.id());
        }
        return ordered;
    }
}
