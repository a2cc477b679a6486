package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.TcpProxy;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.reload.RunbookLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/** Issue 18, hole 5 in serve: when the audit log's database stops answering, readiness goes DOWN at once, saying so. */
class OutageReadinessIT {
    @TempDir
    Path tmp;

    @Test
    void readinessIsDownWithAuditLogUnavailableRightAfterAnAppendFails() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (TestDatabase db = TestDatabase.create(); TcpProxy proxy = new TcpProxy(5432)) {
            String viaProxy = proxy.route(db.url());
            try (Database database = Database.open(DatabaseSettings.external(viaProxy, db.user(), db.password()));
                 JdbcAuditLog audit = new JdbcAuditLog(database.dataSource(), Clock.systemUTC())) {
                Files.createDirectories(tmp.resolve("runbooks"));
                RunbookLibrary library = new RunbookLibrary(tmp.resolve("runbooks"));
                LiveSite site = new LiveSite(library, audit, () -> audit.head().sequence(), tmp.resolve("site"),
                        ServedTemplates.write(tmp.resolve("templates")), Clock.systemUTC(), scheduler, Duration.ofMillis(10));
                assertThat(site.build()).isPresent();
                ReadinessCheck check = new ReadinessCheck(database.dataSource(), library, site, new dev.opsbook.server.AfterReadiness());
                assertThat(check.health().getStatus()).isEqualTo(Status.UP);

                proxy.cut();
                assertThatThrownBy(() -> audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.RUN_REQUESTED, Optional.empty(),
                        Optional.empty(), Optional.empty(), Map.of(), "requested", Optional.empty(), Optional.empty(), Map.of())))
                        .isInstanceOf(AuditUnavailableException.class)
                        .hasMessage("audit log unavailable (PostgreSQL at 127.0.0.1:" + proxy.port() + " stopped answering)");
                long started = System.nanoTime();
                assertThat(check.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no 5 s pool wait").isLessThan(Duration.ofSeconds(1));
                assertThat(check.health().getDetails().get("database"))
                        .isEqualTo("audit log unavailable (PostgreSQL at 127.0.0.1:" + proxy.port() + " stopped answering)");
            }
        } finally {
            scheduler.shutdownNow();
        }
    }
}
