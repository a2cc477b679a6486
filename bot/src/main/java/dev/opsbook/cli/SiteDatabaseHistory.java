package dev.opsbook.cli;

import dev.opsbook.audit.AuditReadException;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.site.history.RunHistory;
import java.time.Clock;
import java.util.Map;

/**
 * Run history for {@code opsbook site --db URL}: reads the bot's audit log from PostgreSQL (user and
 * password from {@code OPSBOOK_DB_USER} / {@code OPSBOOK_DB_PASSWORD}, as for the bot itself).
 */
final class SiteDatabaseHistory {
    private SiteDatabaseHistory() {}

    static RunHistory read(String url, Map<String, String> env) throws SiteCommand.UsageError {
        DatabaseSettings settings = DatabaseSettings.external(url, env.getOrDefault("OPSBOOK_DB_USER", "postgres"),
                env.getOrDefault("OPSBOOK_DB_PASSWORD", ""));
        try (Database db = Database.open(settings); JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            return RunHistory.of(log);
        } catch (DatabaseUnavailableException | AuditReadException e) {
            throw new SiteCommand.UsageError(SiteCommand.DATABASE_ERROR, "--db: " + e.getMessage());
        }
    }
}
