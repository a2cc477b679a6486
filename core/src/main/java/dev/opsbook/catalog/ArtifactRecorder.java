package dev.opsbook.catalog;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Records the backups a step produced. When a step succeeds, every {@code *.json} file in the run's
 * artifacts directory ({@code <runsDir>/<run id>/artifacts}, the step's {@code $OPSBOOK_ARTIFACTS})
 * that is not recorded yet and describes a backup (no {@code "kind"}, or {@code "kind": "backup"}; other
 * records such as restore checks are left alone) is read ({@link ArtifactMetadata}), audited as {@code backup.recorded} and
 * then added to the catalog. Invalid metadata is audited as {@code backup.rejected} and reported to
 * {@code warnings}, once per file; it never fails the run.
 */
public final class ArtifactRecorder implements ExecutionListener {
    private final Path runsDir;
    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final Consumer<String> warnings;
    private final Set<String> skipped = new HashSet<>();

    public ArtifactRecorder(Path runsDir, BackupCatalog catalog, AuditLog audit, Consumer<String> warnings) {
        this.runsDir = runsDir;
        this.catalog = catalog;
        this.audit = audit;
        this.warnings = warnings;
    }

    @Override
    public void on(ExecutionEvent event) {
        if (event instanceof ExecutionEvent.StepFinished f && f.result().succeeded()) {
            recordAll(f.run(), f.step().id());
        }
    }

    /** Records the new metadata files of {@code run}; returns the artifacts recorded now. */
    public List<BackupArtifact> recordAll(Run run, String stepId) {
        Path dir = runsDir.resolve(run.id().value()).resolve("artifacts");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            warnings.accept("cannot list artifact metadata in " + dir + ": " + e.getMessage());
            return List.of();
        }
        List<BackupArtifact> recorded = new java.util.ArrayList<>();
        for (Path file : files) {
            String id = ArtifactMetadata.idFor(run, file);
            if (skipped.contains(id) || catalog.find(id).isPresent()) {
                continue;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode root = ArtifactMetadata.parse(file);
                if (!ArtifactMetadata.describesBackup(root)) {
                    skipped.add(id);
                    continue;
                }
                BackupArtifact a = ArtifactMetadata.read(file, root, run, stepId);
                CatalogAudit.append(audit, Actor.SYSTEM, AuditActions.BACKUP_RECORDED, a, "recorded", a.origin().isEmpty()
                        ? Map.of() : Map.of("origin", a.origin().toString()));
                if (catalog.record(a)) {
                    recorded.add(a);
                }
            } catch (ArtifactMetadata.Invalid e) {
                skipped.add(id);
                warnings.accept("backup not recorded: " + e.getMessage());
                audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.BACKUP_REJECTED, Optional.of(run.id().value()),
                        Optional.of(stepId), Optional.of(run.runbook()), Map.of(), "rejected", Optional.empty(),
                        Optional.empty(), Map.of("file", file.getFileName().toString(), "reason", e.getMessage())));
            }
        }
        return recorded;
    }
}
