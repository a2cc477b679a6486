package dev.opsbook.execution;

import dev.opsbook.runbook.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Validated parameter values (defaults applied), by declared parameter. Holds secret values: never print it. */
public record ResolvedParameters(List<Parameter> declared, Map<String, String> values) {
    public ResolvedParameters {
        declared = List.copyOf(declared);
        values = Map.copyOf(values);
    }

    /** Environment variables for a step: {@code Parameter.envName()} → value. */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Parameter p : declared) {
            if (values.containsKey(p.name())) {
                env.put(p.envName(), values.get(p.name()));
            }
        }
        return env;
    }

    /** Values safe to show and audit: secret parameters replaced by {@value Run#REDACTED}. */
    public Map<String, String> redacted() {
        Set<String> secret = declared.stream().filter(Parameter::secret).map(Parameter::name).collect(Collectors.toSet());
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, secret.contains(k) ? Run.REDACTED : v));
        return out;
    }

    /** Values a run records and an approval binds to: secret ones as digests ({@link ParameterBinding}). */
    public Map<String, String> bound(RunId run) {
        return ParameterBinding.of(declared, run, values);
    }

    /** The values of secret parameters, for the redactor. */
    public List<String> secretValues() {
        return declared.stream().filter(Parameter::secret).map(p -> values.get(p.name()))
                .filter(v -> v != null && !v.isEmpty()).toList();
    }
}
