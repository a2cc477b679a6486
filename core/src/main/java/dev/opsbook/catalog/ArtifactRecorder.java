package dev.opsbook.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Records the backups a step produced. When a step succeeds, every {@code *.json} file in the run's
 * artifacts directory ({@code <runsDir>/<run id>/artifacts}, the step's {@code $OPSBOOK_ARTIFACTS})
 * that is not recorded yet and describes a backup (no {@code "kind"}, or {@code "kind": "backup"}; other
 * records such as restore checks are left alone) is read ({@link ArtifactMetadata}): the file must lie inside a
 * backup location the runbook declares ({@link BackupConfinement}) and have the claimed size and SHA-256. It is
 * audited as {@code backup.recorded} and then added to the catalog. One entry per file: a file that a live entry
 * already describes is rejected; a file rewritten since its entry was recorded (another SHA-256) replaces that entry
 * ({@code backup.replaced}). Anything else is audited as {@code backup.rejected} and reported to {@code warnings},
 * once per file; it never fails the run. {@code home} is what {@code ${OPSBOOK_HOME}} means in a backup location.
 */
public final class ArtifactRecorder implements ExecutionListener {
    private final Path runsDir;
    private final Path home;
    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<String> warnings;
    /** Metadata ids this recorder is done with (recorded, rejected or not a backup): never read again. */
    private final Set<String> done = ConcurrentHashMap.newKeySet();
    private final Map<String, Runbook> runbooks = new ConcurrentHashMap<>();

    public ArtifactRecorder(Path runsDir, Path home, BackupCatalog catalog, AuditLog audit, Clock clock, Consumer<String> warnings) {
        this.runsDir = runsDir;
        this.home = home.toAbsolutePath().normalize();
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.warnings = warnings;
    }

    @Override
    public void on(ExecutionEvent event) {
        switch (event) {
            case ExecutionEvent.RunStarted s -> runbooks.put(s.run().id().value(), s.runbook());
            case ExecutionEvent.StepFinished f when f.result().succeeded() -> {
                Runbook rb = runbooks.get(f.run().id().value());
                if (rb != null) {
                    recordAll(f.run(), rb, f.step().id());
                }
            }
            case ExecutionEvent.RunFinished f -> runbooks.remove(f.run().id().value());
            default -> { }
        }
    }

    /** Records the new metadata files of {@code run} of {@code runbook}; returns the artifacts recorded now. */
    public List<BackupArtifact> recordAll(Run run, Runbook runbook, String stepId) {
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
        BackupConfinement.Locations locations = BackupConfinement.Locations.of(runbook, run.parameters(), home);
        List<BackupArtifact> recorded = new ArrayList<>();
        for (Path file : files) {
            String id = ArtifactMetadata.idFor(run, file);
            if (done.contains(id) || catalog.find(id).isPresent()) {
                continue;
            }
            JsonNode root = null;
            try {
                root = ArtifactMetadata.parse(file);
                if (!ArtifactMetadata.describesBackup(root)) {
                    done.add(id);
                    continue;
                }
                BackupArtifact a = ArtifactMetadata.read(file, root, run, stepId, runbook, locations);
                if (record(a, file)) {
                    recorded.add(a);
                }
                done.add(id);
            } catch (ArtifactMetadata.Invalid e) {
                done.add(id);
                reject(run, stepId, file, root, e.getMessage());
            }
        }
        return recorded;
    }

    /** One entry per file: records {@code a}, replaces the entry of a rewritten file, or rejects a second entry. */
    private boolean record(BackupArtifact a, Path file) throws ArtifactMetadata.Invalid {
        Optional<BackupArtifact> same = catalog.atLocation(a.location());
        if (same.isPresent() && (same.get().sha256().equals(a.sha256()) || same.get().locked())) {
            throw new ArtifactMetadata.Invalid(file + ": " + a.location() + " is already catalogued as backup " + same.get().id()
                    + (same.get().locked() ? " (locked)" : " with the same SHA-256")
                    + ": one catalog entry per file; write each backup to a file of its own");
        }
        CatalogAudit.append(audit, Actor.SYSTEM, AuditActions.BACKUP_RECORDED, a, "recorded", a.origin().isEmpty()
                ? Map.of() : Map.of("origin", a.origin().toString()));
        if (same.isPresent()) {
            CatalogAudit.append(audit, Actor.SYSTEM, AuditActions.BACKUP_REPLACED, same.get(), "replaced",
                    Map.of("replaced_by", a.id(), "reason", a.location() + " was rewritten (SHA-256 " + a.sha256()
                            + ", recorded " + same.get().sha256() + ")"));
            return catalog.replace(same.get().id(), a, clock.instant());
        }
        if (!catalog.record(a)) {
            throw new ArtifactMetadata.Invalid(file + ": " + a.location() + " was catalogued by another run meanwhile: one"
                    + " catalog entry per file");
        }
        return true;
    }

    private void reject(Run run, String stepId, Path file, JsonNode root, String reason) {
        warnings.accept("backup not recorded: " + reason);
        Map<String, String> details = new java.util.HashMap<>(Map.of("file", file.getFileName().toString(), "reason", reason));
        if (root != null && root.path("path").isTextual()) {
            details.put("location", root.get("path").asText());
        }
        audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.BACKUP_REJECTED, Optional.of(run.id().value()),
                Optional.of(stepId), Optional.of(run.runbook()), Map.of(), "rejected", Optional.empty(),
                Optional.empty(), details));
    }
}
