package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import java.util.Map;

/**
 * Continue an interrupted run. {@code runbook} must be the same file (same SHA-256) the run started
 * from; {@code parameters} supplies the secret parameters, which are never stored.
 */
public record ResumeRun(RunId run, Runbook runbook, Map<String, String> parameters, Actor driver) {
    public ResumeRun {
        parameters = Map.copyOf(parameters);
    }
}
