package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.server.AfterReadiness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Status;

/** Readiness follows the database and the runbook directory. */
class ReadinessCheckIT {
    @TempDir
    Path tmp;

    @Test
    void downWithoutRunbooksOrDatabaseUpOtherwise() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestDatabase db = TestDatabase.create();
             Database database = Database.open(DatabaseSettings.external(db.url(), db.user(), db.password()));
             JdbcAuditLog audit = new JdbcAuditLog(database.dataSource(), Clock.systemUTC())) {
            RunbookLibrary library = new RunbookLibrary(tmp.resolve("runbooks"));
            LiveSite site = new LiveSite(library, audit, () -> audit.head().sequence(), tmp.resolve("site"),
                    ServedTemplates.write(tmp.resolve("templates")), Clock.systemUTC(), scheduler, Duration.ofMillis(10));
            ReadinessCheck check = new ReadinessCheck(database.dataSource(), library, site, new AfterReadiness());

            assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(check.health().getDetails().get("runbooks").toString()).contains("no runbook directory");

            Files.createDirectories(tmp.resolve("runbooks"));
            library.reload();
            assertThat(site.build()).isPresent();
            assertThat(check.health().getStatus()).isEqualTo(Status.UP);
            assertThat(check.health().getDetails()).containsEntry("runbooks", 0).containsKey("siteBuilt");

            database.close();
            assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(check.health().getDetails().get("database").toString()).startsWith("audit log unavailable");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void upWhileTheDutiesAfterReadinessRunListingThemDownWhenOneFailed() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestDatabase db = TestDatabase.create();
             Database database = Database.open(DatabaseSettings.external(db.url(), db.user(), db.password()));
             JdbcAuditLog audit = new JdbcAuditLog(database.dataSource(), Clock.systemUTC())) {
            RunbookLibrary library = new RunbookLibrary(Files.createDirectories(tmp.resolve("runbooks")));
            library.reload();
            LiveSite site = new LiveSite(library, audit, () -> audit.head().sequence(), tmp.resolve("site"),
                    ServedTemplates.write(tmp.resolve("templates")), Clock.systemUTC(), scheduler, Duration.ofMillis(10));
            AfterReadiness afterReadiness = new AfterReadiness();
            CountDownLatch release = new CountDownLatch(1);
            List<String> ran = new CopyOnWriteArrayList<>();
            afterReadiness.add("failover controllers", () -> {
                ran.add("failover controllers");
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            afterReadiness.add("schedules", () -> {
                ran.add("schedules");
                throw new IllegalStateException("cannot start the scheduler: boom");
            });
            ReadinessCheck check = new ReadinessCheck(database.dataSource(), library, site, afterReadiness);
            assertThat(check.health().getStatus()).isEqualTo(Status.UP);
            assertThat(check.health().getDetails()).containsEntry("starting", "failover controllers, schedules");
            assertThat(ran).as("nothing runs before readiness").isEmpty();

            afterReadiness.onApplicationEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], null, Duration.ZERO));
            Eventually.within(Duration.ofSeconds(5), () -> ran.contains("failover controllers"));
            assertThat(check.health().getStatus()).isEqualTo(Status.UP);
            assertThat(check.health().getDetails()).containsEntry("starting", "failover controllers, schedules");
            assertThat(ran).as("one after the other").containsExactly("failover controllers");

            release.countDown();
            Eventually.within(Duration.ofSeconds(5), () -> check.health().getStatus().equals(Status.DOWN));
            assertThat(check.health().getDetails()).containsEntry("startFailed", "schedules: cannot start the scheduler: boom")
                    .doesNotContainKey("starting");
            assertThatThrownBy(() -> afterReadiness.add("late", () -> { })).isInstanceOf(IllegalStateException.class);
        } finally {
            scheduler.shutdownNow();
        }
    }
}
