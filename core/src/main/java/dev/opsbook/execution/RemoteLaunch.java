package dev.opsbook.execution;

import java.time.Duration;
import java.util.Map;

/**
 * One attempt of a step that runs elsewhere ({@code runner=NAME}, e.g. a Kubernetes Job).
 * {@code environment} holds the parameters and the run's {@code OPSBOOK_RUN_ID}/{@code _STEP_ID}/
 * {@code _RUNBOOK_ID}/{@code _SERVICE}; {@code secrets} (env name → value) only the secrets the step
 * declares, kept apart so the runner hands them over through its own secret store. Values never go
 * into {@code code}.
 */
public record RemoteLaunch(
        String runId,
        String runbookId,
        String service,
        String stepId,
        int attempt,
        String image,
        String interpreter,
        String code,
        Map<String, String> environment,
        Map<String, String> secrets,
        Duration timeout) {

    public RemoteLaunch {
        environment = Map.copyOf(environment);
        secrets = Map.copyOf(secrets);
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("step " + stepId + " runs remotely but names no image");
        }
        if (interpreter.isBlank()) {
            throw new IllegalArgumentException("step " + stepId + " has no interpreter");
        }
    }
}
