package dev.opsbook.runbook;

import java.util.List;
import java.util.Optional;

/**
 * A value a runner supplies when starting a run. It reaches scripts only as the environment
 * variable {@link #envName()}, never spliced into script text.
 */
public record Parameter(
        String name,
        ParameterType type,
        Optional<String> pattern,
        Optional<String> defaultValue,
        boolean required,
        boolean secret,
        List<String> values,
        String description,
        SourcePosition position) {

    public Parameter {
        values = List.copyOf(values);
    }

    /** Parameters are exported as upper-case environment variables: {@code target-db} → {@code TARGET_DB}. */
    public String envName() {
        return name.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
