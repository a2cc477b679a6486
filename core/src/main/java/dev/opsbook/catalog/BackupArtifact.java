package dev.opsbook.catalog;

import dev.opsbook.audit.RunbookRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One backup file a run produced, as the catalog keeps it. {@code id} is {@code <run id>/<metadata
 * file name without .json>}, unique; {@code origin} holds what the step said about the source (host,
 * port, database, …) as strings; {@code location} is the absolute path of the backup file;
 * {@code sha256} is lower-case hex; a {@code locked} artifact is never pruned.
 */
public record BackupArtifact(
        String id,
        String service,
        RunbookRef runbook,
        String runId,
        String stepId,
        Instant created,
        Map<String, String> origin,
        Path location,
        long size,
        String sha256,
        String retentionClass,
        boolean locked) {

    public BackupArtifact {
        origin = Map.copyOf(origin);
    }

    public BackupArtifact withLocked(boolean value) {
        return new BackupArtifact(id, service, runbook, runId, stepId, created, origin, location, size, sha256,
                retentionClass, value);
    }
}
