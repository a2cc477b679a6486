package dev.opsbook.web;

import dev.opsbook.audit.AuditLog;
import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.site.GitSourceHistory;
import dev.opsbook.site.SiteBuild;
import dev.opsbook.site.SiteGenerator;
import dev.opsbook.site.SiteResult;
import dev.opsbook.site.history.RunHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The living site: the static site generated into {@code siteDir} (owned by the server) from the served runbooks and
 * the run history in the audit log, rebuilt incrementally {@code debounce} after a change is {@link #requested}.
 * Changes of the run history — by this or any other replica — are noticed by polling the audit log's head.
 */
final class LiveSite {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSite.class);

    private final SiteGenerator generator = new SiteGenerator();
    private final RunbookLibrary library;
    private final AuditLog audit;
    private final LongSupplier auditHead;
    private final Path siteDir;
    private final Path templates;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Duration debounce;
    private ScheduledFuture<?> pending;
    private long seenHead = -1;
    private volatile boolean failing;
    private volatile Instant lastBuilt;
    private volatile String lastError = "";

    LiveSite(RunbookLibrary library, AuditLog audit, LongSupplier auditHead, Path siteDir, Path templates, Clock clock,
             ScheduledExecutorService scheduler, Duration debounce) {
        this.library = library;
        this.audit = audit;
        this.auditHead = auditHead;
        this.siteDir = siteDir;
        this.templates = templates;
        this.clock = clock;
        this.scheduler = scheduler;
        this.debounce = debounce;
    }

    Path directory() {
        return siteDir;
    }

    /** Rebuilds {@code debounce} from now (a later request moves the build later). */
    synchronized void requested() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::build, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Polls the audit log head every {@code interval}; a new event means the run history changed. */
    void pollHistory(Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                long head = auditHead.getAsLong();
                boolean changed;
                synchronized (this) {
                    changed = head != seenHead;
                    seenHead = head;
                }
                if (changed) {
                    requested();
                }
                failing = false;
            } catch (RuntimeException e) {
                if (!failing) { // once per outage, not every interval
                    LOG.warn("cannot check the run history for changes (the site keeps its last version): {}", e.toString());
                }
                failing = true;
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Builds now; a failure is logged and kept for readiness, and the previous site stays. */
    synchronized Optional<SiteResult> build() {
        try {
            Files.createDirectories(siteDir);
            seenHead = auditHead.getAsLong();
            Path dir = library.directory();
            SiteBuild build = new SiteBuild(library.parsed(), siteDir, Optional.of(templates),
                    Optional.of(RunHistory.of(audit)),
                    GitSourceHistory.of(Path.of(""), Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent()),
                    Optional.empty(), Optional.empty(), clock, true);
            SiteResult result = generator.build(build);
            lastBuilt = clock.instant();
            lastError = "";
            LOG.debug("site rebuilt: {} written, {} unchanged in {} ms", result.written().size(), result.unchanged(),
                    result.elapsed().toMillis());
            return Optional.of(result);
        } catch (Exception e) {
            if (interrupted(e)) { // the server is stopping (its scheduler interrupts a build in progress)
                LOG.info("site build into {} interrupted: the server is stopping; the previous version stays", siteDir);
                return Optional.empty();
            }
            lastError = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.error("building the site into {} failed; the previous version stays", siteDir, e);
            return Optional.empty();
        }
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    Optional<Instant> lastBuilt() {
        return Optional.ofNullable(lastBuilt);
    }

    String lastError() {
        return lastError;
    }
}
