package dev.opsbook.catalog;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditLog;
import java.util.Map;
import java.util.Optional;

/** Sets and clears retention locks: audited ({@code backup.locked} / {@code backup.unlocked}) before the catalog changes. */
public final class RetentionLocks {
    private final BackupCatalog catalog;
    private final AuditLog audit;

    public RetentionLocks(BackupCatalog catalog, AuditLog audit) {
        this.catalog = catalog;
        this.audit = audit;
    }

    /** Returns the artifact as it is now, or empty when there is no live artifact with this id. */
    public Optional<BackupArtifact> set(String id, boolean locked, Actor actor) {
        Optional<BackupArtifact> found = catalog.find(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        CatalogAudit.append(audit, actor, locked ? AuditActions.BACKUP_LOCKED : AuditActions.BACKUP_UNLOCKED, found.get(),
                locked ? "locked" : "unlocked", Map.of());
        catalog.setLocked(id, locked);
        return Optional.of(found.get().withLocked(locked));
    }
}
