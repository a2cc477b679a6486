package dev.opsbook.execution;

import java.util.List;

/** A run was not started (or resumed); {@link #problems()} says why, one line each. Already audited as run.refused. */
public class RunRefusedException extends RuntimeException {
    private final List<String> problems;

    public RunRefusedException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
