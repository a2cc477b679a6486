package dev.opsbook.jdbc;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which PostgreSQL opsbook uses. With {@code OPSBOOK_DB_URL} set, that server (with
 * {@code OPSBOOK_DB_USER}/{@code OPSBOOK_DB_PASSWORD}); otherwise an embedded PostgreSQL whose data
 * lives in {@code embeddedDataDir} ({@code OPSBOOK_HOME/db}, default {@code ./.opsbook/db}).
 * With {@code migration} ({@code OPSBOOK_DB_MIGRATION_USER}/{@code OPSBOOK_DB_MIGRATION_PASSWORD}) the
 * schema is migrated by that role, which owns the tables, and opsbook itself runs as the least-privileged
 * {@code user} ({@link LeastPrivilege}).
 */
public record DatabaseSettings(Optional<String> url, String user, String password, Path embeddedDataDir,
                               Optional<MigrationRole> migration) {

    /** The role that owns the schema and runs the migrations. */
    public record MigrationRole(String user, String password) {}

    public DatabaseSettings(Optional<String> url, String user, String password, Path embeddedDataDir) {
        this(url, user, password, embeddedDataDir, Optional.empty());
    }

    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("OPSBOOK_HOME", ".opsbook"));
        return new DatabaseSettings(
                Optional.ofNullable(env.get("OPSBOOK_DB_URL")).filter(s -> !s.isBlank()),
                env.getOrDefault("OPSBOOK_DB_USER", "postgres"),
                env.getOrDefault("OPSBOOK_DB_PASSWORD", ""),
                home.resolve("db"),
                migration(env.get("OPSBOOK_DB_MIGRATION_USER"), env.getOrDefault("OPSBOOK_DB_MIGRATION_PASSWORD", "")));
    }

    /** A migration role when {@code user} is set and differs from nothing; blank means none. */
    public static Optional<MigrationRole> migration(String user, String password) {
        return Optional.ofNullable(user).filter(u -> !u.isBlank())
                .map(u -> new MigrationRole(u.strip(), password == null ? "" : password));
    }

    public static DatabaseSettings external(String url, String user, String password) {
        return new DatabaseSettings(Optional.of(url), user, password, Path.of(".opsbook", "db"));
    }

    /** The same database, migrated by {@code migrationUser} and used by {@code user}. */
    public DatabaseSettings withMigrationRole(String migrationUser, String migrationPassword) {
        return new DatabaseSettings(url, user, password, embeddedDataDir, migration(migrationUser, migrationPassword));
    }

    /** The URL without credentials, safe to print. */
    public String describe() {
        return url.map(u -> u.replaceAll("password=[^&]*", "password=***"))
                .orElse("embedded PostgreSQL in " + embeddedDataDir.toAbsolutePath().normalize());
    }
}
