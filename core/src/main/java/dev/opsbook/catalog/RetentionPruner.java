package dev.opsbook.catalog;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a {@link RetentionPolicy} to one service's live artifacts. For each expired artifact the
 * {@code backup.pruned} audit event is appended first (when that throws, nothing is deleted and the
 * exception propagates), then the file is deleted and the catalog row marked deleted. A file that
 * cannot be deleted is audited as {@code backup.prune_failed} and stays in the catalog.
 */
public final class RetentionPruner {
    private final BackupCatalog catalog;
    private final dev.opsbook.audit.AuditLog audit;
    private final Clock clock;

    public RetentionPruner(BackupCatalog catalog, dev.opsbook.audit.AuditLog audit, Clock clock) {
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    /** What happened to one expired artifact; {@code error} is empty when it was pruned (or would be, on a dry run). */
    public record Outcome(BackupArtifact artifact, Optional<String> error) {}

    public List<Outcome> prune(String service, RetentionPolicy policy, Actor actor, boolean dryRun) {
        List<BackupArtifact> expired = policy.prunable(catalog.list(Optional.of(service)), clock.instant());
        List<Outcome> out = new ArrayList<>();
        for (BackupArtifact a : expired) {
            if (dryRun) {
                out.add(new Outcome(a, Optional.empty()));
                continue;
            }
            CatalogAudit.append(audit, actor, AuditActions.BACKUP_PRUNED, a, "pruned", Map.of("policy", policy.describe()));
            try {
                Files.deleteIfExists(a.location());
            } catch (IOException e) {
                String why = "cannot delete " + a.location() + ": " + e.getMessage();
                CatalogAudit.append(audit, actor, AuditActions.BACKUP_PRUNE_FAILED, a, "failed", Map.of("reason", why));
                out.add(new Outcome(a, Optional.of(why)));
                continue;
            }
            catalog.markDeleted(a.id(), clock.instant());
            out.add(new Outcome(a, Optional.empty()));
        }
        return out;
    }
}
