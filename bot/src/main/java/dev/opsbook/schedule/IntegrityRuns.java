package dev.opsbook.schedule;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.catalog.BackupCatalog;
import dev.opsbook.catalog.IntegrityCheck;
import dev.opsbook.catalog.IntegrityProblem;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled integrity job: re-hashes every live backup ({@link IntegrityCheck}, which audits each
 * problem as {@code backup.integrity_failed}), posts an incident to the alert channels for each missing or
 * changed file, and audits {@code backup.integrity_checked} with the counts.
 */
public final class IntegrityRuns {
    private static final Logger LOG = LoggerFactory.getLogger(IntegrityRuns.class);

    private final BackupCatalog catalog;
    private final AuditLog audit;
    private final Announcements announcements;
    private final Clock clock;

    public IntegrityRuns(BackupCatalog catalog, AuditLog audit, Announcements announcements, Clock clock) {
        this.catalog = catalog;
        this.audit = audit;
        this.announcements = announcements;
        this.clock = clock;
    }

    public IntegrityCheck.Report run() {
        Instant start = clock.instant();
        IntegrityCheck.Report report = new IntegrityCheck(catalog, audit, p -> announcements.announce(incident(p)))
                .run(Optional.empty());
        long missing = report.problems().stream().filter(p -> p.kind() == IntegrityProblem.Kind.MISSING).count();
        audit.append(new AuditEvent(Actor.SCHEDULER, AuditActions.BACKUP_INTEGRITY_CHECKED, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), report.ok() ? "ok" : "problems",
                Optional.of(Duration.between(start, clock.instant())), Optional.empty(), Map.of(
                        "checked", Integer.toString(report.checked()), "problems", Integer.toString(report.problems().size()),
                        "missing", Long.toString(missing), "mismatch", Long.toString(report.problems().size() - missing))));
        LOG.info("backup integrity check: {} checked, {} problems", report.checked(), report.problems().size());
        return report;
    }

    static ChatMessage incident(IntegrityProblem p) {
        boolean gone = p.kind() == IntegrityProblem.Kind.MISSING;
        ChatMessage.Builder b = ChatMessage.builder("🚨 *Backup integrity incident* (" + p.artifact().service() + "): "
                        + (gone ? "the backup file is missing" : "the backup file no longer matches its SHA-256")
                        + ". Do not restore from it; take a fresh backup and find out what touched it.")
                .status(ChatStatus.FAILED)
                .field("Backup", "`" + p.artifact().id() + "`")
                .field("Location", p.artifact().location().toString())
                .field("Recorded sha256", p.artifact().sha256().substring(0, 16) + "…");
        p.actualSha256().ifPresent(a -> b.field("Actual sha256", a.substring(0, 16) + "…"));
        return b.context("Audited as backup.integrity_failed; opsbook backups verify " + p.artifact().service()
                + " re-checks.").build();
    }
}
