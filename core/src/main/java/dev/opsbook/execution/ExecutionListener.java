package dev.opsbook.execution;

/**
 * Observes runs: CLI progress, chat threads, metrics. Called on the run's thread, in order; a
 * listener that throws is reported on stderr and otherwise ignored — it cannot stop a run (the audit
 * trail, which can, is not a listener of this kind: see {@link AuditTrail}).
 */
@FunctionalInterface
public interface ExecutionListener {
    void on(ExecutionEvent event);
}
