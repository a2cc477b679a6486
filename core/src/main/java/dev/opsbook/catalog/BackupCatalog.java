package dev.opsbook.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where backup artifacts are recorded. Lists show live artifacts only (not marked deleted). At most one live
 * artifact has a given location: one catalog entry per file.
 */
public interface BackupCatalog {

    /**
     * Records the artifact; returns false (and changes nothing) when its id is already recorded or a live artifact
     * already has its location.
     */
    boolean record(BackupArtifact artifact);

    /**
     * Retires the live artifact {@code replaced} (marked deleted at {@code at}, replaced by {@code by}) and records
     * {@code by} in its place, atomically; returns false (and changes nothing) when {@code replaced} is not live or
     * {@code by} cannot be recorded.
     */
    boolean replace(String replaced, BackupArtifact by, Instant at);

    /** Live artifacts of {@code service} (all services when empty), newest first. */
    List<BackupArtifact> list(Optional<String> service);

    /** The artifact with this id, live or not found. */
    Optional<BackupArtifact> find(String id);

    /** The live artifact whose location is {@code location}, if any. */
    Optional<BackupArtifact> atLocation(Path location);

    /** Marks the artifact deleted at {@code at}; it no longer appears in lists. */
    void markDeleted(String id, Instant at);

    /** Sets or clears the retention lock; returns false when there is no live artifact with this id. */
    boolean setLocked(String id, boolean locked);
}
