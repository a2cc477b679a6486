package dev.opsbook.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where backup artifacts are recorded. Lists show live artifacts only (not marked deleted). */
public interface BackupCatalog {

    /** Records the artifact; returns false (and changes nothing) when its id is already recorded. */
    boolean record(BackupArtifact artifact);

    /** Live artifacts of {@code service} (all services when empty), newest first. */
    List<BackupArtifact> list(Optional<String> service);

    /** The artifact with this id, live or not found. */
    Optional<BackupArtifact> find(String id);

    /** Marks the artifact deleted at {@code at}; it no longer appears in lists. */
    void markDeleted(String id, Instant at);

    /** Sets or clears the retention lock; returns false when there is no live artifact with this id. */
    boolean setLocked(String id, boolean locked);
}
