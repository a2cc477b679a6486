package dev.opsbook.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * opsbook's PostgreSQL: a pooled {@link DataSource} with the schema migrated (Flyway, classpath
 * {@code db/migration}; not started when the schema is already current, {@link MigratedSchema}). Embedded mode
 * starts PostgreSQL from the bundled binaries in the configured data folder, or joins the one another opsbook
 * process already started there.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final Optional<EmbeddedServer> embedded;
    private final String description;

    private Database(HikariDataSource pool, Optional<EmbeddedServer> embedded, String description) {
        this.pool = pool;
        this.embedded = embedded;
        this.description = description;
    }

    /**
     * Connects (starting the embedded server if needed) and migrates the schema.
     *
     * @throws DatabaseUnavailableException with a message saying which database and what to check
     */
    public static Database open(DatabaseSettings settings) {
        Optional<EmbeddedServer> embedded = Optional.empty();
        String url;
        if (settings.url().isPresent()) {
            url = settings.url().get();
        } else {
            EmbeddedServer server = EmbeddedServer.startOrJoin(settings.embeddedDataDir());
            embedded = Optional.of(server);
            url = server.jdbcUrl();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        // runs hold a connection each while driven (run claim, service lock); the clustered scheduler of
        // opsbook serve takes up to its thread count + 3 (Quartz's advice for a clustered JDBC store)
        config.setMaximumPoolSize(16);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(5_000);
        config.setPoolName("opsbook");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedServer::close);
            throw new DatabaseUnavailableException("cannot connect to " + settings.describe() + ": "
                    + rootMessage(e) + " (check OPSBOOK_DB_URL, OPSBOOK_DB_USER and OPSBOOK_DB_PASSWORD)", e);
        }
        try {
            if (settings.migration().isPresent() && !settings.migration().get().user().equals(settings.user())) {
                migrateAsOwner(url, settings.migration().get(), settings.user());
            } else if (!MigratedSchema.current(pool)) {
                Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().migrate();
            }
        } catch (FlywayException | SQLException e) {
            pool.close();
            embedded.ifPresent(EmbeddedServer::close);
            throw new DatabaseUnavailableException("cannot migrate the schema of " + settings.describe() + ": "
                    + rootMessage(e), e);
        }
        return new Database(pool, embedded, settings.describe());
    }

    /** Migrates as the schema's owner, then grants the application role only what it needs ({@link LeastPrivilege}). */
    private static void migrateAsOwner(String url, DatabaseSettings.MigrationRole owner, String appRole) throws SQLException {
        Flyway.configure().dataSource(url, owner.user(), owner.password()).locations("classpath:db/migration").load().migrate();
        try (Connection c = DriverManager.getConnection(url, owner.user(), owner.password())) {
            LeastPrivilege.grant(c, appRole);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public String description() {
        return description;
    }

    /**
     * For a server: at JVM shutdown the embedded PostgreSQL is stopped by the application closing this
     * database (last), not by a shutdown hook racing it. Call before the first {@link #open}.
     */
    public static void stopEmbeddedLast() {
        EmbeddedServer.stopLast();
    }

    @Override
    public void close() {
        pool.close();
        embedded.ifPresent(EmbeddedServer::close);
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Data folder files of a running postmaster: line 4 of postmaster.pid is its port. */
    static Optional<Integer> runningPort(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            if (lines.size() < 4) {
                return Optional.empty();
            }
            long pid = Long.parseLong(lines.get(0).strip());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(Integer.parseInt(lines.get(3).strip()));
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
