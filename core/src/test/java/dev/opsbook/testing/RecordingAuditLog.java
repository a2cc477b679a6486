package dev.opsbook.testing;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.audit.RecordedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Records appended events in memory (no hash chain: this is the execution engine's test double, not
 * the audit log). {@link #failWhen} makes matching appends throw {@link AuditWriteException}.
 */
public final class RecordingAuditLog implements AuditLog {
    private final List<RecordedEvent> events = new ArrayList<>();
    private final List<List<String>> batches = new ArrayList<>();
    private volatile Predicate<AuditEvent> failing = e -> false;

    public RecordingAuditLog failWhen(Predicate<AuditEvent> condition) {
        failing = condition;
        return this;
    }

    @Override
    public synchronized RecordedEvent append(AuditEvent event) {
        if (failing.test(event)) {
            throw new AuditWriteException("audit store unavailable (test)", null);
        }
        RecordedEvent r = new RecordedEvent(events.size() + 1, Instant.EPOCH, event, "", "");
        events.add(r);
        return r;
    }

    /** All or nothing, as the database log's single transaction. */
    @Override
    public synchronized List<RecordedEvent> appendAll(List<AuditEvent> all) {
        if (all.stream().anyMatch(failing)) {
            throw new AuditWriteException("audit store unavailable (test)", null);
        }
        List<RecordedEvent> out = new ArrayList<>();
        for (AuditEvent event : all) {
            RecordedEvent r = new RecordedEvent(events.size() + 1, Instant.EPOCH, event, "", "");
            events.add(r);
            out.add(r);
        }
        batches.add(all.stream().map(e -> e.action() + e.stepId().map(s -> " " + s).orElse("")).toList());
        return out;
    }

    /** The events written together ("step.finished a", "step.started b"), per call; single appends are not listed. */
    public synchronized List<List<String>> batches() {
        return List.copyOf(batches);
    }

    @Override
    public synchronized void read(long fromSequence, Consumer<RecordedEvent> sink) {
        events.stream().filter(e -> e.sequence() >= fromSequence).toList().forEach(sink);
    }

    public synchronized List<AuditEvent> events() {
        return events.stream().map(RecordedEvent::event).toList();
    }

    public synchronized List<String> actions() {
        return events.stream().map(e -> e.event().action()).toList();
    }

    /** "action step result" lines, for readable assertions. */
    public synchronized List<String> summary() {
        return events.stream().map(RecordedEvent::event)
                .map(e -> e.action() + e.stepId().map(s -> " " + s).orElse("") + " " + e.result()).toList();
    }
}
