package dev.opsbook.catalog;

import dev.opsbook.audit.RunbookRef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One backup file a run produced, as the catalog keeps it. {@code id} is {@code <run id>/<metadata
 * file name without .json>}, unique; {@code origin} holds what the step said about the source (host,
 * port, database, …) as strings; {@code location} is the real path of the backup file (no symlink, no
 * {@code ..}) and at most one live artifact has it; {@code sha256} is lower-case hex; a {@code locked}
 * artifact is never pruned; {@code root} is the real path of the declared backup location the file was
 * under when it was recorded (empty for artifacts recorded before locations were declared: never pruned).
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
        boolean locked,
        Optional<Path> root) {

    public BackupArtifact {
        origin = Map.copyOf(origin);
        root = root == null ? Optional.empty() : root;
    }

    /** An artifact without a recorded backup location root (as recorded before V17). */
    public BackupArtifact(String id, String service, RunbookRef runbook, String runId, String stepId, Instant created,
                          Map<String, String> origin, Path location, long size, String sha256, String retentionClass,
                          boolean locked) {
        this(id, service, runbook, runId, stepId, created, origin, location, size, sha256, retentionClass, locked,
                Optional.empty());
    }

    public BackupArtifact withLocked(boolean value) {
        return new BackupArtifact(id, service, runbook, runId, stepId, created, origin, location, size, sha256,
                retentionClass, value, root);
    }
}
