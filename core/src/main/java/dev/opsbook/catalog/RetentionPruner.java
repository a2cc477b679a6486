package dev.opsbook.catalog;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditWriteException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a {@link RetentionPolicy} to one service's live artifacts. Prune never deletes a file that
 * <ul>
 *   <li>is not, right before the deletion, still at its recorded real path inside the backup location it was
 *       recorded in ({@link BackupConfinement#beforeDeletion}): such an artifact is audited as {@code backup.rejected},
 *       left in the catalog and reported as an error;</li>
 *   <li>another live artifact (kept, of any service) still references: the expired entry is pruned
 *       ({@code backup.pruned} with {@code file_kept}) and the file stays.</li>
 * </ul>
 * Otherwise the {@code backup.pruned} audit event is appended first (when that throws, nothing is deleted and an
 * {@link AuditWriteException} naming the artifact propagates), then the file is deleted and the catalog row marked deleted. A file that cannot be deleted
 * is audited as {@code backup.prune_failed} and stays in the catalog.
 */
public final class RetentionPruner {
    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;

    public RetentionPruner(BackupCatalog catalog, AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** What happened to one expired artifact; {@code error} is empty when it was pruned (or would be, on a dry run). */
    public record Outcome(BackupArtifact artifact, Optional<String> error) {}

    public List<Outcome> prune(String service, RetentionPolicy policy, Actor actor, boolean dryRun) {
        List<BackupArtifact> expired = policy.prunable(catalog.list(Optional.of(service)), clock.instant());
        Map<Path, List<String>> references = references();
        List<Outcome> out = new ArrayList<>();
        for (BackupArtifact a : expired) {
            Optional<String> refusal = BackupConfinement.beforeDeletion(a).filter(r -> !r.equals(BackupConfinement.GONE));
            if (refusal.isPresent()) {
                String why = "refused to delete " + a.location() + ": " + refusal.get();
                if (!dryRun) {
                    CatalogAudit.append(audit, actor, AuditActions.BACKUP_REJECTED, a, "rejected", Map.of("reason", why));
                }
                out.add(new Outcome(a, Optional.of(why)));
                continue;
            }
            if (dryRun) {
                out.add(new Outcome(a, Optional.empty()));
                continue;
            }
            List<String> keptBy = references.getOrDefault(a.location(), List.of()).stream().filter(id -> !id.equals(a.id())).toList();
            Map<String, String> details = new HashMap<>(Map.of("policy", policy.describe()));
            if (!keptBy.isEmpty()) {
                details.put("file_kept", "still referenced by " + String.join(", ", keptBy));
            }
            try {
                CatalogAudit.append(audit, actor, AuditActions.BACKUP_PRUNED, a, "pruned", details);
            } catch (AuditWriteException e) {
                throw new AuditWriteException("the audit log refused backup.pruned for " + a.id() + ", so it was not deleted"
                        + " (pruning stopped there): " + firstLine(e.getMessage()), e);
            }
            if (keptBy.isEmpty()) {
                Optional<String> problem = delete(a);
                if (problem.isPresent()) {
                    CatalogAudit.append(audit, actor, AuditActions.BACKUP_PRUNE_FAILED, a, "failed", Map.of("reason", problem.get()));
                    out.add(new Outcome(a, problem));
                    continue;
                }
            }
            catalog.markDeleted(a.id(), clock.instant());
            references.computeIfPresent(a.location(), (p, ids) -> ids.stream().filter(id -> !id.equals(a.id())).toList());
            out.add(new Outcome(a, Optional.empty()));
        }
        return out;
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").strip();
    }

    /** Checks confinement once more, then deletes the file; empty when it is gone now. */
    private static Optional<String> delete(BackupArtifact a) {
        Optional<String> refusal = BackupConfinement.beforeDeletion(a);
        if (refusal.isPresent()) {
            return refusal.get().equals(BackupConfinement.GONE) ? Optional.empty()
                    : Optional.of("refused to delete " + a.location() + ": " + refusal.get());
        }
        try {
            Files.deleteIfExists(a.location());
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot delete " + a.location() + ": " + e.getMessage());
        }
    }

    /** Every live artifact's file (as its real path where it exists) → the ids of the artifacts that reference it. */
    private Map<Path, List<String>> references() {
        Map<Path, List<String>> out = new HashMap<>();
        for (BackupArtifact a : catalog.list(Optional.empty())) {
            Path where;
            try {
                where = a.location().toRealPath();
            } catch (IOException e) {
                where = a.location();
            }
            out.computeIfAbsent(where, p -> new ArrayList<>()).add(a.id());
            if (!where.equals(a.location())) {
                out.computeIfAbsent(a.location(), p -> new ArrayList<>()).add(a.id());
            }
        }
        return out;
    }
}
