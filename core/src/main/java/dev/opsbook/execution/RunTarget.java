package dev.opsbook.execution;

import java.util.Optional;

/** What a run executes: a whole procedure (by title or slug), or a single step by id. */
public record RunTarget(Optional<String> procedure, Optional<String> step) {
    public RunTarget {
        if (procedure.isPresent() == step.isPresent()) {
            throw new IllegalArgumentException("a run targets either a procedure or a single step");
        }
    }

    public static RunTarget procedure(String nameOrSlug) {
        return new RunTarget(Optional.of(nameOrSlug), Optional.empty());
    }

    public static RunTarget step(String stepId) {
        return new RunTarget(Optional.empty(), Optional.of(stepId));
    }

    public String describe() {
        return procedure.map(p -> "procedure \"" + p + "\"").orElseGet(() -> "step " + step.orElseThrow());
    }
}
