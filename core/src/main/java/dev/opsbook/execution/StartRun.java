package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import java.util.Map;

/** A request to run a procedure or step; {@code gitCommit} is the commit the runbook file came from ("" outside git). */
public record StartRun(Runbook runbook, String gitCommit, RunTarget target, Map<String, String> parameters, Actor requester) {
    public StartRun {
        parameters = Map.copyOf(parameters);
    }
}
