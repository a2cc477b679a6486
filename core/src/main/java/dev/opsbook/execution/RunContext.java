package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.runbook.Runbook;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run in progress, as the step interceptors see it. {@code secrets} holds resolved secret values
 * by name; {@code freshApproval} the steps that need a new approval before running again (resume);
 * {@code standingApproval} the controller's approval given before the run, if any; {@code listenersOnly}
 * tells the listeners (progress lines, chat) without auditing, for when the audit log is gone.
 */
record RunContext(
        Run run,
        Plan plan,
        ResolvedParameters parameters,
        Map<String, String> secrets,
        Actor driver,
        Path runDir,
        Redactor redactor,
        Set<String> freshApproval,
        ExecutionPorts ports,
        ExecutionSettings settings,
        AuditTrail audit,
        Consumer<ExecutionEvent> publish,
        java.util.Optional<StandingApproval> standingApproval,
        Consumer<ExecutionEvent> listenersOnly) {

    Runbook runbook() {
        return plan.runbook();
    }

    Instant now() {
        return ports.clock().instant();
    }

    /** Stores the run's state (with a held step outcome, in one transaction: {@link AuditTrail#save}). */
    void save() {
        audit.save(run);
    }

    Path workDir() {
        return runDir.resolve("work");
    }
}
