package dev.opsbook.server;

import dev.opsbook.execution.SecretProvider;
import dev.opsbook.jdbc.DatabaseSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Execution engine settings ({@code opsbook.engine.*}, from {@code OPSBOOK_*} variables by default).
 *
 * @param home       run directories ({@code home/runs}), embedded database ({@code home/db}), secrets
 * @param dbUrl      PostgreSQL JDBC URL; blank for the embedded PostgreSQL in {@code home/db}
 * @param runners    runners of runbooks that list none (ids or {@code @group}s)
 * @param secretsDir where secret files live (default {@code home/secrets}); {@code OPSBOOK_SECRET_<NAME>} wins
 * @param dbMigrationUser the role that owns the schema and migrates it (then {@code dbUser} gets only the grants it
 *                   needs: no UPDATE, DELETE or TRUNCATE on the audit log); blank to migrate as {@code dbUser}
 */
@ConfigurationProperties("opsbook.engine")
public record EngineProperties(Path home, String dbUrl, String dbUser, String dbPassword, List<String> runners,
                               Path secretsDir, String dbMigrationUser, String dbMigrationPassword) {
    public EngineProperties {
        home = home == null ? Path.of(".opsbook") : home;
        dbUser = dbUser == null || dbUser.isBlank() ? "postgres" : dbUser;
        dbPassword = dbPassword == null ? "" : dbPassword;
        runners = runners == null ? List.of() : runners.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    DatabaseSettings database() {
        return new DatabaseSettings(Optional.ofNullable(dbUrl).filter(u -> !u.isBlank()), dbUser, dbPassword, home.resolve("db"),
                DatabaseSettings.migration(dbMigrationUser, dbMigrationPassword));
    }

    SecretProvider secrets(Map<String, String> environment) {
        return SecretProvider.environment(environment)
                .orElse(SecretProvider.directory(secretsDir != null && !secretsDir.toString().isEmpty() ? secretsDir : home.resolve("secrets")));
    }
}
