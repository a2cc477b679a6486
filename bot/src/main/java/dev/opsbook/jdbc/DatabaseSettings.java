package dev.opsbook.jdbc;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which PostgreSQL opsbook uses. With {@code OPSBOOK_DB_URL} set, that server (with
 * {@code OPSBOOK_DB_USER}/{@code OPSBOOK_DB_PASSWORD}); otherwise an embedded PostgreSQL whose data
 * lives in {@code embeddedDataDir} ({@code OPSBOOK_HOME/db}, default {@code ./.opsbook/db}).
 */
public record DatabaseSettings(Optional<String> url, String user, String password, Path embeddedDataDir) {

    public static DatabaseSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("OPSBOOK_HOME", ".opsbook"));
        return new DatabaseSettings(
                Optional.ofNullable(env.get("OPSBOOK_DB_URL")).filter(s -> !s.isBlank()),
                env.getOrDefault("OPSBOOK_DB_USER", "postgres"),
                env.getOrDefault("OPSBOOK_DB_PASSWORD", ""),
                home.resolve("db"));
    }

    public static DatabaseSettings external(String url, String user, String password) {
        return new DatabaseSettings(Optional.of(url), user, password, Path.of(".opsbook", "db"));
    }

    /** The URL without credentials, safe to print. */
    public String describe() {
        return url.map(u -> u.replaceAll("password=[^&]*", "password=***"))
                .orElse("embedded PostgreSQL in " + embeddedDataDir.toAbsolutePath().normalize());
    }
}
