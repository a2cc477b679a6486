package dev.opsbook.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbooksReloaded;
import dev.opsbook.testing.InMemoryAuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reloads on a file change and on a git pull (HEAD moves), audited with the commit, announced to the listener. */
class RunbookWatcherTest {
    @TempDir
    Path tmp;
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final InMemoryAuditLog audit = new InMemoryAuditLog(Clock.systemUTC());
    final List<RunbooksReloaded> announced = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void aGitPullReloadsTheRunbooksAndRecordsTheNewCommit() throws Exception {
        Path origin = tmp.resolve("origin");
        Files.createDirectories(origin);
        git(origin, "init", "-q", "-b", "main");
        Files.writeString(origin.resolve("lib-demo.md"), RunbookLibraryTest.runbook("Pulled one"));
        git(origin, "add", ".");
        git(origin, "commit", "-q", "-m", "first");
        Path clone = tmp.resolve("clone");
        git(tmp, "clone", "-q", origin.toString(), clone.toString());

        try (RunbookWatcher watcher = new RunbookWatcher(new RunbookLibrary(clone), audit, scheduler, Duration.ofMillis(100),
                announced::add)) {
            RunbooksReloaded first = watcher.start(Duration.ofMillis(200));
            assertThat(first.commit()).isEqualTo(git(clone, "rev-parse", "HEAD"));
            assertThat(first.runbooks()).extracting(Runbook::title).containsExactly("Pulled one");

            Files.writeString(origin.resolve("lib-demo.md"), RunbookLibraryTest.runbook("Pulled two"));
            git(origin, "commit", "-q", "-am", "second");
            git(clone, "pull", "-q");
            String head = git(clone, "rev-parse", "HEAD");
            waitFor(() -> announced.stream().anyMatch(e -> e.commit().equals(head)));
            RunbooksReloaded last = announced.getLast();
            assertThat(last.runbooks()).extracting(Runbook::title).containsExactly("Pulled two");
            List<RecordedEvent> reloads = reloads();
            assertThat(reloads.getLast().event().details()).containsEntry("commit", head);
            assertThat(reloads.getLast().event().details().get("changed")).endsWith("lib-demo.md");

            git(origin, "commit", "-q", "--allow-empty", "-m", "nothing changed but HEAD");
            git(clone, "pull", "-q");
            String empty = git(clone, "rev-parse", "HEAD");
            waitFor(() -> reloads().getLast().event().details().get("commit").equals(empty));
            assertThat(reloads().getLast().event().details().get("changed")).isEmpty();
        }
    }

    private List<RecordedEvent> reloads() {
        List<RecordedEvent> out = new ArrayList<>();
        audit.events().stream().filter(e -> e.event().action().equals(AuditActions.RUNBOOKS_RELOADED)).forEach(out::add);
        return out;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("no reload within 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString(), "-c", "user.name=t", "-c", "user.email=t@example.com"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        }
        return out;
    }
}
