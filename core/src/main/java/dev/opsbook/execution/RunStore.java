package dev.opsbook.execution;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RecordedEvent;
import java.util.List;
import java.util.Optional;

/**
 * Where runs and their step states are kept. A process driving a run holds its {@link RunClaim};
 * a claim disappears with its process (crash included), which is how {@link #orphaned()} tells a
 * run whose owner died from one that is merely slow.
 */
public interface RunStore {

    void create(Run run);

    /** Stores the run's state, message, finish time and every step's state. */
    void save(Run run);

    /**
     * Records {@code events} in {@code audit} and stores the run's state, in one transaction where both live in one
     * database (the events are durable when this returns, as {@link AuditLog#appendAll} promises). This default
     * appends, then saves.
     */
    default List<RecordedEvent> saveWith(Run run, AuditLog audit, List<AuditEvent> events) {
        List<RecordedEvent> recorded = audit.appendAll(events);
        save(run);
        return recorded;
    }

    /** Replaces the stored parameters with {@link Run#parameters()} (a resume given other values). */
    void saveParameters(Run run);

    Optional<Run> find(RunId id);

    /** The most recent runs, newest first. */
    List<Run> recent(int limit);

    /**
     * Marks this process as the run's owner until the claim is closed or the process dies.
     *
     * @throws IllegalStateException when another live process owns the run
     */
    RunClaim claim(RunId id);

    /** Active runs (pending, awaiting approval, running) that no live process claims. */
    List<Run> orphaned();

    /** Ownership of a run by the current process. */
    interface RunClaim extends AutoCloseable {
        @Override
        void close();
    }
}
