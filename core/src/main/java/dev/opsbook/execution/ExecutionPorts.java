package dev.opsbook.execution;

import dev.opsbook.approval.ApprovalStore;
import dev.opsbook.approval.Directory;
import dev.opsbook.approval.Notifier;
import dev.opsbook.audit.AuditLog;
import java.time.Clock;

/** The outside world of the execution engine: storage, locks, audit, identity, secrets, time. */
public record ExecutionPorts(
        RunStore runs,
        ApprovalStore approvals,
        ServiceLocks locks,
        AuditLog audit,
        Directory directory,
        SecretProvider secrets,
        Notifier notifier,
        Clock clock,
        Sleeper sleeper,
        Shutdown shutdown) {

    /** Ports of a process that never records its runs as interrupted by its own stop (a test, a CLI command). */
    public ExecutionPorts(RunStore runs, ApprovalStore approvals, ServiceLocks locks, AuditLog audit, Directory directory,
                          SecretProvider secrets, Notifier notifier, Clock clock, Sleeper sleeper) {
        this(runs, approvals, locks, audit, directory, secrets, notifier, clock, sleeper, new Shutdown());
    }
}
