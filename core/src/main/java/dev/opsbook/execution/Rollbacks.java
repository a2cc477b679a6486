package dev.opsbook.execution;

import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Rolling back a finished run: the {@code rollback=} steps of its succeeded steps, latest first, each once. Only a
 * final run can be rolled back, and not a roll-back itself; a step whose rollback already ran in that run (a failed
 * step that was rolled back) is not undone again.
 */
public final class Rollbacks {
    private Rollbacks() {}

    /** The roll-back target of {@code run} under {@code runbook}, or why there is none. */
    public static Optional<RunTarget> of(Run run, Runbook runbook) {
        return refusal(run, runbook).isPresent() ? Optional.empty()
                : Optional.of(RunTarget.rollbackOf(run.id().value(), steps(run, runbook)));
    }

    /** Why {@code run} cannot be rolled back, if it cannot. */
    public static Optional<String> refusal(Run run, Runbook runbook) {
        if (!run.state().isFinal()) {
            return Optional.of("run " + run.id() + " is " + run.state().label() + "; only a finished run can be rolled back"
                    + " (cancel it first)");
        }
        if (run.target().rollback().isPresent()) {
            return Optional.of("run " + run.id() + " is itself a roll-back");
        }
        if (!runbook.id().equals(run.runbook().id())) {
            return Optional.of("run " + run.id() + " is a run of " + run.runbook().id() + ", not of " + runbook.id());
        }
        if (steps(run, runbook).isEmpty()) {
            return Optional.of("no succeeded step of run " + run.id() + " has a rollback step (rollback= in the runbook)");
        }
        return Optional.empty();
    }

    static List<String> steps(Run run, Runbook runbook) {
        Set<String> ran = new LinkedHashSet<>();
        run.steps().stream().filter(s -> s.state() != StepState.PENDING && s.state() != StepState.SKIPPED)
                .forEach(s -> ran.add(s.stepId()));
        Set<String> out = new LinkedHashSet<>();
        List<StepExecution> steps = run.steps();
        for (int i = steps.size() - 1; i >= 0; i--) {
            StepExecution done = steps.get(i);
            if (done.state() != StepState.SUCCEEDED) {
                continue;
            }
            runbook.step(done.stepId()).flatMap(Step::rollback)
                    .filter(r -> !ran.contains(r))
                    .filter(r -> runbook.step(r).isPresent())
                    .ifPresent(out::add);
        }
        return List.copyOf(out);
    }
}
