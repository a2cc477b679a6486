package dev.opsbook.reload;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbooksReloaded;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the {@link RunbookLibrary} when a runbook file changes (a {@link WatchService} on the directory tree) or
 * the repository's HEAD moves (a git pull, checked every {@code gitPoll}), {@code debounce} after the last change.
 * A reload that changed something is audited ({@code runbooks.reloaded} with details.commit and details.changed)
 * and announced as a {@link RunbooksReloaded} to {@code listener}; files with errors are logged with their findings
 * and keep their last good version.
 */
public final class RunbookWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunbookWatcher.class);

    private final RunbookLibrary library;
    private final AuditLog audit;
    private final ScheduledExecutorService scheduler;
    private final Duration debounce;
    private final Consumer<RunbooksReloaded> listener;
    private WatchService watcher;
    private Thread watching;
    private ScheduledFuture<?> pending;
    private String commit = "";

    public RunbookWatcher(RunbookLibrary library, AuditLog audit, ScheduledExecutorService scheduler, Duration debounce,
                          Consumer<RunbooksReloaded> listener) {
        this.library = library;
        this.audit = audit;
        this.scheduler = scheduler;
        this.debounce = debounce;
        this.listener = listener;
    }

    /** Loads the runbooks (not audited: nothing was reloaded yet) and starts watching. */
    public RunbooksReloaded start(Duration gitPoll) {
        // git's answer (a child process: tens of milliseconds) comes while the runbooks are parsed
        Path dir = library.directory().toAbsolutePath();
        java.util.concurrent.CompletableFuture<String> head = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> GitCommit.head(dir), task -> Thread.ofPlatform().name("opsbook-git-head").daemon(true).start(task));
        RunbookLibrary.Reload first = library.reload();
        commit = head.join();
        first.broken().forEach(RunbookWatcher::logFindings);
        if (Files.isDirectory(library.directory())) {
            try {
                watcher = FileSystems.getDefault().newWatchService();
                registerTree(library.directory());
                watching = Thread.ofPlatform().name("opsbook-runbook-watcher").daemon(true).start(this::watch);
            } catch (IOException e) {
                LOG.warn("cannot watch {} for changes ({}); runbooks reload on a git pull only", library.directory(), e.toString());
            }
        } else {
            LOG.warn("there is no runbook directory at {}; set OPSBOOK_RUNBOOKS", library.directory().toAbsolutePath());
        }
        scheduler.scheduleWithFixedDelay(this::checkHead, gitPoll.toMillis(), gitPoll.toMillis(), TimeUnit.MILLISECONDS);
        return new RunbooksReloaded(library.runbooks(), commit);
    }

    /** The git HEAD of the runbook repository at the last (re)load; "" outside git. */
    public synchronized String commit() {
        return commit;
    }

    /** Schedules a reload {@code debounce} from now, replacing one already scheduled. */
    public synchronized void changed() {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::reload, debounce.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Re-reads the runbooks now; returns what was announced, if anything changed. */
    public Optional<RunbooksReloaded> reload() {
        String head = GitCommit.head(library.directory().toAbsolutePath());
        RunbookLibrary.Reload result;
        try {
            result = library.reload();
        } catch (RuntimeException e) {
            LOG.error("reloading runbooks failed; serving the previous ones", e);
            return Optional.empty();
        }
        boolean moved;
        synchronized (this) {
            moved = !head.equals(commit);
            commit = head;
        }
        if (result.changed().isEmpty() && !moved) {
            return Optional.empty();
        }
        result.broken().forEach(RunbookWatcher::logFindings);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("commit", head);
        details.put("changed", String.join(",", result.changed()));
        if (!result.broken().isEmpty()) {
            details.put("broken", String.join(",", result.broken().stream().map(ParsedRunbook::path).toList()));
        }
        audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.RUNBOOKS_RELOADED, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), result.broken().isEmpty() ? "ok" : "partial", Optional.empty(), Optional.empty(),
                details));
        LOG.info("runbooks reloaded at commit {}: {} changed{}", head.isEmpty() ? "(not in git)" : head, result.changed().size(),
                result.broken().isEmpty() ? "" : ", " + result.broken().size() + " with errors (their last good version stays)");
        RunbooksReloaded event = new RunbooksReloaded(library.runbooks(), head);
        listener.accept(event);
        return Optional.of(event);
    }

    private void checkHead() {
        String head = GitCommit.head(library.directory().toAbsolutePath());
        boolean moved;
        synchronized (this) {
            moved = !head.equals(commit);
        }
        if (moved) {
            changed();
        }
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                Path dir = (Path) key.watchable();
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name && Files.isDirectory(dir.resolve(name))) {
                        registerTree(dir.resolve(name));
                    }
                }
                key.reset();
                changed();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (IOException e) {
            LOG.warn("stopped watching {} ({}); runbooks reload on a git pull only", library.directory(), e.toString());
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : dirs.filter(Files::isDirectory).filter(d -> d.equals(root) || !d.getFileName().toString().startsWith(".")).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    private static void logFindings(ParsedRunbook broken) {
        LOG.warn("runbook {} has errors; its last good version (if any) stays served until they are fixed:\n{}",
                broken.path(), String.join("\n", broken.findings().stream().map(f -> "  " + f.format()).toList()));
    }

    @Override
    public void close() throws IOException {
        if (watcher != null) {
            watcher.close();
        }
        if (watching != null) {
            watching.interrupt();
        }
    }
}
