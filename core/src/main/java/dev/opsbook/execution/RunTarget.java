package dev.opsbook.execution;

import java.util.List;
import java.util.Optional;

/**
 * What a run executes: a whole procedure (by title or slug), a single step by id, or the roll-back of an earlier
 * run ({@link Rollback}: the rollback steps of that run's succeeded steps, in reverse order).
 */
public record RunTarget(Optional<String> procedure, Optional<String> step, Optional<Rollback> rollback) {

    /** Undo run {@code runId} by running {@code steps} (rollback step ids, in the order they run). */
    public record Rollback(String runId, List<String> steps) {
        public Rollback {
            if (runId == null || runId.isBlank() || steps == null || steps.isEmpty()) {
                throw new IllegalArgumentException("a roll-back names the run it undoes and at least one rollback step");
            }
            steps = List.copyOf(steps);
        }
    }

    public RunTarget {
        if ((procedure.isPresent() ? 1 : 0) + (step.isPresent() ? 1 : 0) + (rollback.isPresent() ? 1 : 0) != 1) {
            throw new IllegalArgumentException("a run targets either a procedure, a single step or the roll-back of a run");
        }
    }

    public RunTarget(Optional<String> procedure, Optional<String> step) {
        this(procedure, step, Optional.empty());
    }

    public static RunTarget procedure(String nameOrSlug) {
        return new RunTarget(Optional.of(nameOrSlug), Optional.empty());
    }

    public static RunTarget step(String stepId) {
        return new RunTarget(Optional.empty(), Optional.of(stepId));
    }

    public static RunTarget rollbackOf(String runId, List<String> steps) {
        return new RunTarget(Optional.empty(), Optional.empty(), Optional.of(new Rollback(runId, steps)));
    }

    public String describe() {
        if (rollback.isPresent()) {
            return "roll-back of run " + rollback.get().runId() + " (steps " + String.join(", ", rollback.get().steps()) + ")";
        }
        return procedure.map(p -> "procedure \"" + p + "\"").orElseGet(() -> "step " + step.orElseThrow());
    }
}
