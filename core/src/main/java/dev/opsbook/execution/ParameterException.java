package dev.opsbook.execution;

import java.util.List;

/** Supplied parameters do not match the runbook's declarations; {@link #problems()} lists each, one line per problem. */
public class ParameterException extends RuntimeException {
    private final List<String> problems;

    public ParameterException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
