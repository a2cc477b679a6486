package dev.opsbook.testing;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.audit.HashChain;
import dev.opsbook.audit.RecordedEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A real {@link AuditLog} in memory, with the same hash chain as the database one, thread-safe.
 * For write-ahead tests it can be told to fail: {@link #failWhen} makes matching appends throw
 * {@link AuditWriteException} and record nothing, as a broken database would.
 */
public final class InMemoryAuditLog implements AuditLog {
    private final Clock clock;
    private final List<RecordedEvent> events = new ArrayList<>();
    private Predicate<AuditEvent> failing = e -> false;

    public InMemoryAuditLog(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized RecordedEvent append(AuditEvent event) {
        if (failing.test(event)) {
            throw new AuditWriteException("injected audit write failure for " + event.action(), null);
        }
        String previous = events.isEmpty() ? HashChain.GENESIS : events.getLast().hash();
        RecordedEvent recorded = HashChain.link(events.size() + 1, clock.instant(), previous, event);
        events.add(recorded);
        return recorded;
    }

    @Override
    public void read(long fromSequence, Consumer<RecordedEvent> sink) {
        for (RecordedEvent e : events()) {
            if (e.sequence() >= fromSequence) {
                sink.accept(e);
            }
        }
    }

    /** From now on, appends of events matching {@code condition} fail (nothing is recorded). */
    public synchronized void failWhen(Predicate<AuditEvent> condition) {
        failing = condition;
    }

    /** Every append fails until {@link #recover()}. */
    public void failAll() {
        failWhen(e -> true);
    }

    public void recover() {
        failWhen(e -> false);
    }

    /** A snapshot of everything recorded, in sequence order. */
    public synchronized List<RecordedEvent> events() {
        return List.copyOf(events);
    }

    /** The actions recorded so far, in order: handy for asserting what a run wrote. */
    public List<String> actions() {
        return events().stream().map(e -> e.event().action()).toList();
    }

    /** Edits the stored events directly, bypassing the chain, as someone with raw storage access could. */
    public synchronized void tamper(UnaryOperator<List<RecordedEvent>> edit) {
        List<RecordedEvent> edited = edit.apply(new ArrayList<>(events));
        events.clear();
        events.addAll(edited);
    }
}
