package dev.opsbook.drill;

import dev.opsbook.audit.Actor;
import dev.opsbook.execution.RunId;
import dev.opsbook.runbook.Runbook;
import java.util.Map;

/**
 * Rehearse the restore of {@code runbook} into its drill sandbox. {@code drillId} is also the id of
 * the drill's run (so lessons, audit and status use one id); {@code parameters} are the requester's
 * values, which may not change the sandbox's.
 */
public record DrillRequest(Runbook runbook, String gitCommit, Map<String, String> parameters, Actor requester, RunId drillId) {
    public DrillRequest {
        parameters = Map.copyOf(parameters);
    }

    public static DrillRequest of(Runbook runbook, String gitCommit, Map<String, String> parameters, Actor requester) {
        return new DrillRequest(runbook, gitCommit, parameters, requester, RunId.random());
    }
}
