package dev.opsbook.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The test PostgreSQL server as the orders-db sample sees it: the server of {@code OPSBOOK_TEST_PG_URL}
 * (default 127.0.0.1:5432, user postgres), where the sample's own databases are created and dropped.
 */
final class SamplePostgres {
    private SamplePostgres() {}

    static String adminUrl() {
        return env("OPSBOOK_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    }

    static String pgUser() {
        return env("OPSBOOK_TEST_PG_USER", "postgres");
    }

    static String pgPassword() {
        return env("OPSBOOK_TEST_PG_PASSWORD", "");
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static Connection connect(String database) throws SQLException {
        String admin = adminUrl();
        int slash = admin.lastIndexOf('/');
        int query = admin.indexOf('?', slash);
        String url = admin.substring(0, slash + 1) + database + (query < 0 ? "" : admin.substring(query));
        return DriverManager.getConnection(url, pgUser(), pgPassword());
    }

    static String pgValue(String database, String sql) throws SQLException {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    static boolean databaseExists(String name) throws SQLException {
        String admin = adminUrl();
        try (Connection c = DriverManager.getConnection(admin, pgUser(), pgPassword());
             var s = c.prepareStatement("SELECT count(*) FROM pg_database WHERE datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    static void dropDatabases(String... names) {
        try (Connection c = DriverManager.getConnection(adminUrl(), pgUser(), pgPassword()); Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping " + String.join(", ", names) + ": " + e.getMessage(), e);
        }
    }
}
