package dev.opsbook.testing;

import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Runs in memory; claims are a set, {@link #dropClaims()} plays the owner process dying. */
public final class FakeRunStore implements RunStore {
    private final Map<RunId, Run> runs = new LinkedHashMap<>();
    private final Set<RunId> claimed = ConcurrentHashMap.newKeySet();

    @Override
    public synchronized void create(Run run) {
        if (runs.putIfAbsent(run.id(), run) != null) {
            throw new IllegalStateException("run " + run.id() + " exists");
        }
    }

    @Override
    public synchronized void save(Run run) {
        runs.put(run.id(), run);
    }

    /** Told about every {@link #saveWith}: the run (its state as stored) and the events written with it. */
    public volatile java.util.function.BiConsumer<Run, List<dev.opsbook.audit.AuditEvent>> onSaveWith = (run, events) -> { };

    @Override
    public List<dev.opsbook.audit.RecordedEvent> saveWith(Run run, dev.opsbook.audit.AuditLog audit,
                                                          List<dev.opsbook.audit.AuditEvent> events) {
        List<dev.opsbook.audit.RecordedEvent> recorded = RunStore.super.saveWith(run, audit, events);
        if (!events.isEmpty()) {
            onSaveWith.accept(run, events);
        }
        return recorded;
    }

    @Override
    public synchronized void saveParameters(Run run) {
        runs.put(run.id(), run);
    }

    @Override
    public synchronized Optional<Run> find(RunId id) {
        return Optional.ofNullable(runs.get(id));
    }

    @Override
    public synchronized List<Run> recent(int limit) {
        return runs.values().stream().sorted(Comparator.comparing(Run::createdAt).reversed()).limit(limit).toList();
    }

    @Override
    public RunClaim claim(RunId id) {
        if (!claimed.add(id)) {
            throw new IllegalStateException("run " + id + " is claimed by another process");
        }
        return () -> claimed.remove(id);
    }

    @Override
    public synchronized List<Run> orphaned() {
        return runs.values().stream().filter(r -> r.state().isActive() && !claimed.contains(r.id())).toList();
    }

    public void dropClaims() {
        claimed.clear();
    }

    public boolean isClaimed(RunId id) {
        return claimed.contains(id);
    }
}
