package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.reload.RunbookLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            ReadinessCheck check = new ReadinessCheck(database.dataSource(), library, site);

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
}
