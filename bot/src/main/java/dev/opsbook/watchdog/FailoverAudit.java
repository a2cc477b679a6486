package dev.opsbook.watchdog;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.execution.StandingApproval;
import dev.opsbook.failover.Decision;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.Runbook;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes every controller decision to the audit log as the failover controller: proposals with their
 * evidence and policy, approvals, executions, refusals with their reason, re-arming. The audit write
 * comes before any chat message or run, so nothing the controller does goes unrecorded.
 */
final class FailoverAudit {
    private final AuditLog audit;

    FailoverAudit(AuditLog audit) {
        this.audit = audit;
    }

    void record(Runbook rb, String commit, Decision decision, Optional<String> runId) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("service", decision.service());
        String action;
        String result;
        switch (decision) {
            case Decision.Proposed p -> {
                action = AuditActions.FAILOVER_PROPOSED;
                result = "proposed";
                d.put("incident", p.incident());
                d.putAll(p.evidence().details());
                d.put("automatic", Boolean.toString(p.automatic()));
                d.put("policy", policy(rb.failover().orElseThrow()));
            }
            case Decision.Refused r -> {
                action = AuditActions.FAILOVER_REFUSED;
                result = r.reason().label();
                d.put("incident", r.incident());
                d.put("reason", r.reason().label() + ": " + r.detail());
                d.putAll(r.evidence().details());
            }
            case Decision.Approved a -> {
                action = AuditActions.FAILOVER_APPROVED;
                result = "approved";
                d.put("incident", a.incident());
                d.put("approved_by", a.by());
            }
            case Decision.Executed e -> {
                action = AuditActions.FAILOVER_EXECUTED;
                result = e.succeeded() ? "succeeded" : "failed";
                d.put("incident", e.incident());
                d.put("run_state", e.result());
            }
            case Decision.Abandoned a -> {
                action = AuditActions.FAILOVER_REFUSED;
                result = "not run";
                d.put("incident", a.incident());
                d.put("reason", a.result());
            }
            case Decision.Rearmed r -> {
                action = AuditActions.FAILOVER_REARMED;
                result = "armed";
                d.put("healthy_samples", Integer.toString(r.recovery().samples() - r.recovery().failing()));
                d.put("window", Durations.format(r.recovery().window()));
            }
        }
        audit.append(new AuditEvent(StandingApproval.CONTROLLER, action, runId, Optional.empty(),
                Optional.of(new RunbookRef(rb.id(), rb.sha256(), commit)), Map.of(), result, Optional.empty(), Optional.empty(), d));
    }

    /** One {@code failover.reloaded} event for a reload that started, stopped or restarted controllers. */
    void reloaded(WatchChanges changes, List<String> notWatched, String commit) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("started", WatchChanges.services(changes.started()));
        d.put("stopped", String.join(",", changes.stopped()));
        d.put("restarted", WatchChanges.services(changes.restarted()));
        d.put("kept", WatchChanges.services(changes.kept()));
        d.put("not_watched", String.join("; ", notWatched));
        d.put("commit", commit == null ? "" : commit);
        audit.append(new AuditEvent(StandingApproval.CONTROLLER, AuditActions.FAILOVER_RELOADED, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), "changed", Optional.empty(), Optional.empty(), d));
    }

    static String policy(FailoverPolicy f) {
        return "procedure=" + f.procedure() + " automatic=" + f.automatic() + " interval=" + Durations.format(f.interval())
                + " promote=" + Math.round(f.promote().ratio() * 100) + "%/" + Durations.format(f.promote().window())
                + " recover=" + Math.round(f.recover().ratio() * 100) + "%/" + Durations.format(f.recover().window())
                + " cooldown=" + Durations.format(f.cooldown()) + " max_per_hour=" + f.maxPerHour();
    }
}
