package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import java.util.Map;
import java.util.Optional;

/**
 * A request to run a procedure or step; {@code gitCommit} is the commit the runbook file came from ("" outside git).
 * {@code runId} is the id to give the run when the caller already announced it (a drill); otherwise a random one.
 */
public record StartRun(Runbook runbook, String gitCommit, RunTarget target, Map<String, String> parameters, Actor requester,
                       Optional<RunId> runId) {
    public StartRun {
        parameters = Map.copyOf(parameters);
        runId = runId == null ? Optional.empty() : runId;
    }

    public StartRun(Runbook runbook, String gitCommit, RunTarget target, Map<String, String> parameters, Actor requester) {
        this(runbook, gitCommit, target, parameters, requester, Optional.empty());
    }
}
