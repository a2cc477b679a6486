package dev.opsbook.execution;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything needed to start one attempt of a step. {@code code} is written verbatim to a script
 * file in {@code scriptDir} and run as {@code INTERPRETER FILE}; values reach it only through
 * {@code environment}, which is the complete environment of the process.
 */
public record StepLaunch(
        String stepId,
        int attempt,
        String interpreter,
        String code,
        Path workDir,
        Path scriptDir,
        Map<String, String> environment,
        Duration timeout,
        Redactor redactor,
        Path logFile) {

    public StepLaunch {
        environment = Map.copyOf(environment);
        if (interpreter.isBlank()) {
            throw new IllegalArgumentException("step " + stepId + " has no interpreter");
        }
    }
}
