package dev.opsbook.web;

import dev.opsbook.reload.RunbookLibrary;
import dev.opsbook.server.AfterReadiness;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of this replica ({@code /actuator/health/readiness}, contributor {@code opsbook}): down while the
 * database does not answer or the runbook directory is missing; up otherwise, with how many runbooks are served,
 * how many files have errors and when the site was last built (details show where health details are enabled), and
 * what is still {@code starting} in the background ({@link AfterReadiness}: failover controllers, schedules). Down too
 * when one of those failed to start ({@code startFailed}).
 */
final class ReadinessCheck implements HealthIndicator {
    private final DataSource database;
    private final RunbookLibrary library;
    private final LiveSite site;
    private final AfterReadiness afterReadiness;

    ReadinessCheck(DataSource database, RunbookLibrary library, LiveSite site, AfterReadiness afterReadiness) {
        this.database = database;
        this.library = library;
        this.site = site;
        this.afterReadiness = afterReadiness;
    }

    @Override
    public Health health() {
        if (dev.opsbook.jdbc.Outages.recentlyDown(database)) {
            return Health.down().withDetail("database", "audit log unavailable ("
                    + dev.opsbook.jdbc.Outages.describe(database) + " stopped answering)").build();
        }
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT audit_chain_head.last_sequence FROM audit_chain_head");
        } catch (Exception e) {
            return Health.down().withDetail("database", "audit log unavailable: " + e.getMessage()).build();
        }
        if (!Files.isDirectory(library.directory())) {
            return Health.down().withDetail("database", "ok")
                    .withDetail("runbooks", "no runbook directory at " + library.directory().toAbsolutePath()).build();
        }
        if (!afterReadiness.failed().isEmpty()) {
            return Health.down().withDetail("database", "ok")
                    .withDetail("startFailed", String.join("; ", afterReadiness.failed())).build();
        }
        Health.Builder up = Health.up().withDetail("database", "ok")
                .withDetail("runbooks", library.runbooks().size())
                .withDetail("runbookErrors", library.errors().size());
        site.lastBuilt().ifPresent(t -> up.withDetail("siteBuilt", t.toString()));
        if (!site.lastError().isEmpty()) {
            up.withDetail("siteError", site.lastError());
        }
        if (!afterReadiness.pending().isEmpty()) {
            up.withDetail("starting", String.join(", ", afterReadiness.pending()));
        }
        return up.build();
    }
}
