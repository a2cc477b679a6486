package dev.opsbook.audit;

import java.util.function.Consumer;

/**
 * The append-only, hash-chained record of every action. Contract: {@link #append} returns only
 * after the event is durable; when it throws {@link AuditWriteException} nothing was recorded and
 * the caller must not perform the action. Sequence numbers are gap-free and start at 1.
 */
public interface AuditLog {

    /** Records the event and returns it as stored (normalised and linked by {@link HashChain#link}). */
    RecordedEvent append(AuditEvent event);

    /**
     * Records the events in order and returns them as stored. The database log writes them in one transaction
     * (all or none); this default appends one after the other.
     */
    default java.util.List<RecordedEvent> appendAll(java.util.List<AuditEvent> events) {
        return events.stream().map(this::append).toList();
    }

    /**
     * Streams stored events with {@code sequence >= fromSequence} in order, with bounded memory.
     * An exception thrown by {@code sink} stops the stream and propagates unchanged; a storage
     * failure throws {@link AuditReadException}.
     */
    void read(long fromSequence, Consumer<RecordedEvent> sink);
}
