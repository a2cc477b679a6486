package dev.opsbook.schedule;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.catalog.BackupArtifact;
import dev.opsbook.catalog.BackupCatalog;
import dev.opsbook.catalog.RetentionPolicies;
import dev.opsbook.catalog.RetentionPolicy;
import dev.opsbook.catalog.RetentionPruner;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.runbook.Runbook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled retention job: what {@code opsbook backups prune} does, as {@link Actor#SCHEDULER}: each
 * service's catalogued backups are pruned by the retention its runbooks' data sources declare (each prune
 * audited as {@code backup.pruned} before the file goes; locked backups stay). Backups that could not be
 * deleted, and retentions that cannot be read, are announced in the alert channels.
 */
public final class RetentionRuns {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionRuns.class);

    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final Announcements announcements;
    private final Clock clock;
    private final Supplier<Collection<Runbook>> runbooks;

    public RetentionRuns(BackupCatalog catalog, AuditLog audit, Announcements announcements, Clock clock,
                         Supplier<Collection<Runbook>> runbooks) {
        this.catalog = catalog;
        this.audit = audit;
        this.announcements = announcements;
        this.clock = clock;
        this.runbooks = runbooks;
    }

    /** Prunes every service that declares a retention; returns what was pruned or failed. */
    public List<RetentionPruner.Outcome> run() {
        RetentionPolicies policies = RetentionPolicies.of(runbooks.get());
        List<String> trouble = new ArrayList<>(policies.problems());
        List<RetentionPruner.Outcome> outcomes = new ArrayList<>();
        RetentionPruner pruner = new RetentionPruner(catalog, audit, clock);
        TreeSet<String> services = new TreeSet<>();
        catalog.list(Optional.empty()).forEach(a -> services.add(a.service()));
        for (String service : services) {
            RetentionPolicy policy = policies.byService().get(service);
            if (policy == null) {
                continue;
            }
            List<RetentionPruner.Outcome> done;
            try {
                done = pruner.prune(service, policy, Actor.SCHEDULER, false);
            } catch (AuditWriteException e) {
                String line = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
                LOG.warn("backup retention stopped: {}", line);
                trouble.add(line);
                break;
            }
            for (RetentionPruner.Outcome o : done) {
                outcomes.add(o);
                BackupArtifact a = o.artifact();
                o.error().ifPresent(e -> trouble.add("`" + a.id() + "` (" + a.location() + ") could not be deleted: " + e));
            }
        }
        long pruned = outcomes.stream().filter(o -> o.error().isEmpty()).count();
        LOG.info("backup retention: {} pruned, {} problems", pruned, trouble.size());
        if (!trouble.isEmpty()) {
            announcements.announce(ChatMessage.builder("⚠ *Backup retention* pruned " + pruned + " backup(s) but needs a"
                            + " look:\n" + String.join("\n", trouble.stream().map(t -> "• " + t).toList()))
                    .status(ChatStatus.FAILED)
                    .context("Audited as backup.prune_failed; opsbook backups prune --dry-run shows what is due.")
                    .build());
        }
        return outcomes;
    }
}
