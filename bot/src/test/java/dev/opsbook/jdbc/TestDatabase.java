package dev.opsbook.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database on the test server, dropped by {@link #close()}.
 * The server comes from {@code OPSBOOK_TEST_PG_URL} / {@code OPSBOOK_TEST_PG_USER} /
 * {@code OPSBOOK_TEST_PG_PASSWORD} (default: {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user
 * {@code postgres}); .ci/run sets them. Tests never share state through it.
 */
public final class TestDatabase implements AutoCloseable {
    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;

    private TestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static TestDatabase create() {
        String url = env("OPSBOOK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("OPSBOOK_TEST_PG_USER", "postgres");
        String password = env("OPSBOOK_TEST_PG_PASSWORD", "");
        String name = "opsbook_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        TestDatabase db = new TestDatabase(url, user, password, name);
        db.admin("CREATE DATABASE " + name);
        return db;
    }

    /** JDBC URL of the fresh database. */
    public String url() {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + name + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), user, password);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private void admin(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test PostgreSQL at " + adminUrl + ": " + e.getMessage(), e);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
