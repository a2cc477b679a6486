package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.ParameterType;
import dev.opsbook.runbook.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ParameterValidatorTest {
    private static Parameter p(String name, ParameterType type, String pattern, String def, boolean required,
                               boolean secret, String... values) {
        return new Parameter(name, type, Optional.ofNullable(pattern), Optional.ofNullable(def), required, secret,
                List.of(values), "", SourcePosition.START);
    }

    private static final List<Parameter> DECLARED = List.of(
            p("port", ParameterType.INT, null, "5432", false, false),
            p("target-db", ParameterType.STRING, "[a-z_]+", null, true, false),
            p("mode", ParameterType.ENUM, null, "full", false, false, "full", "schema"),
            p("verify", ParameterType.BOOL, null, "true", false, false),
            p("window", ParameterType.DURATION, null, "15m", false, false),
            p("token", ParameterType.STRING, null, "", false, true));

    @Test
    void appliesDefaultsAndExportsEnvNames() {
        ResolvedParameters r = ParameterValidator.validate(DECLARED, Map.of("target-db", "orders", "token", "s3cr3t"));
        assertThat(r.environment()).containsEntry("PORT", "5432").containsEntry("TARGET_DB", "orders")
                .containsEntry("MODE", "full").containsEntry("WINDOW", "15m").containsEntry("TOKEN", "s3cr3t");
        assertThat(r.redacted()).containsEntry("token", "***").containsEntry("target-db", "orders");
        assertThat(r.secretValues()).containsExactly("s3cr3t");
    }

    @Test
    void reportsEveryProblemClearly() {
        assertThatThrownBy(() -> ParameterValidator.validate(DECLARED, Map.of("port", "80a", "mode", "delta",
                "verify", "yes", "window", "soon", "target-db", "Orders;", "colour", "red")))
                .isInstanceOfSatisfying(ParameterException.class, e -> assertThat(e.problems()).containsExactly(
                        "parameter colour: not declared by this runbook (declared: port, target-db, mode, verify, window, token)",
                        "parameter port: \"80a\" is not an int",
                        "parameter target-db: \"Orders;\" does not match the pattern [a-z_]+",
                        "parameter mode: \"delta\" is not one of full, schema",
                        "parameter verify: \"yes\" is not a bool (true or false)",
                        "parameter window: \"soon\" is not a duration (like 90s, 15m, 1h30m)"));
    }

    @Test
    void requiredMissingAndNulRefused() {
        assertThatThrownBy(() -> ParameterValidator.validate(DECLARED, Map.of()))
                .hasMessage("parameter target-db: required; pass --param target-db=VALUE");
        assertThatThrownBy(() -> ParameterValidator.validate(List.of(p("name", ParameterType.STRING, null, null, true, false)),
                Map.of("name", "a\0b")))
                .hasMessage("parameter name: contains a NUL byte, which cannot be passed to a step (environment values are C strings)");
    }

    @Test
    void secretValuesAreNeverEchoedInErrors() {
        List<Parameter> declared = List.of(p("pin", ParameterType.INT, null, null, true, true));
        assertThatThrownBy(() -> ParameterValidator.validate(declared, Map.of("pin", "hunter2")))
                .hasMessage("parameter pin: the value is not an int")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }
}
