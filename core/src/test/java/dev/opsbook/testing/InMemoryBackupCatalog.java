package dev.opsbook.testing;

import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.BackupCatalog;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link BackupCatalog} in memory, for tests. */
public final class InMemoryBackupCatalog implements BackupCatalog {
    private final Map<String, BackupArtifact> live = new LinkedHashMap<>();
    private final Map<String, Instant> deleted = new LinkedHashMap<>();
    private final Map<String, String> replacedBy = new LinkedHashMap<>();

    @Override
    public synchronized boolean record(BackupArtifact artifact) {
        if (live.containsKey(artifact.id()) || deleted.containsKey(artifact.id()) || atLocation(artifact.location()).isPresent()) {
            return false;
        }
        live.put(artifact.id(), artifact);
        return true;
    }

    @Override
    public synchronized boolean replace(String replaced, BackupArtifact by, Instant at) {
        BackupArtifact old = live.remove(replaced);
        if (old == null) {
            return false;
        }
        if (!record(by)) {
            live.put(replaced, old);
            return false;
        }
        deleted.put(replaced, at);
        replacedBy.put(replaced, by.id());
        return true;
    }

    @Override
    public synchronized Optional<BackupArtifact> atLocation(java.nio.file.Path location) {
        return live.values().stream().filter(a -> a.location().equals(location)).findFirst();
    }

    /** Which artifact replaced which (retired id → new id). */
    public synchronized Map<String, String> replacedBy() {
        return Map.copyOf(replacedBy);
    }

    @Override
    public synchronized List<BackupArtifact> list(Optional<String> service) {
        return live.values().stream().filter(a -> service.map(a.service()::equals).orElse(true))
                .sorted(Comparator.comparing(BackupArtifact::created).reversed().thenComparing(BackupArtifact::id)).toList();
    }

    @Override
    public synchronized Optional<BackupArtifact> find(String id) {
        return Optional.ofNullable(live.get(id));
    }

    @Override
    public synchronized void markDeleted(String id, Instant at) {
        if (live.remove(id) != null) {
            deleted.put(id, at);
        }
    }

    @Override
    public synchronized boolean setLocked(String id, boolean locked) {
        BackupArtifact a = live.get(id);
        if (a == null) {
            return false;
        }
        live.put(id, a.withLocked(locked));
        return true;
    }

    public synchronized Map<String, Instant> deleted() {
        return Map.copyOf(deleted);
    }
}
