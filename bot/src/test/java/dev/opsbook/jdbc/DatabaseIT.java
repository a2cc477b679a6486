package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseIT {

    @Test
    void connectsToAConfiguredServerAndMigrates() throws Exception {
        try (TestDatabase test = TestDatabase.create();
             Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from flyway_schema_history where success")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(0);
            assertThat(db.description()).contains(test.name());
        }
    }

    @Test
    void embeddedServerStartsInItsDataFolderAndASecondProcessJoinsIt(@TempDir Path home) throws Exception {
        DatabaseSettings settings = DatabaseSettings.fromEnvironment(Map.of("OPSBOOK_HOME", home.toString()));
        try (Database first = Database.open(settings)) {
            try (Connection c = first.dataSource().getConnection(); Statement s = c.createStatement()) {
                s.execute("create table marker(x int); insert into marker values (42)");
            }
            try (Database second = Database.open(settings);
                 Connection c = second.dataSource().getConnection();
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select x from marker")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
        // data survives a restart of the embedded server
        try (Database again = Database.open(settings);
             Connection c = again.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select x from marker")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void anUnreachableServerGivesAClearError() {
        DatabaseSettings settings = DatabaseSettings.external("jdbc:postgresql://127.0.0.1:1/nope", "postgres", "");
        assertThatThrownBy(() -> Database.open(settings))
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("cannot connect to jdbc:postgresql://127.0.0.1:1/nope")
                .hasMessageContaining("OPSBOOK_DB_URL");
    }
}
