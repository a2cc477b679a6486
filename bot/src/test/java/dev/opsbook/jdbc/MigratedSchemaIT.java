package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/** Flyway starts only when the schema is not already at this build's newest migration. */
class MigratedSchemaIT {

    @Test
    void theNewestVersionIsTheNewestMigrationFile() throws Exception {
        Path folder = Path.of(MigratedSchemaIT.class.getResource("/db/migration").toURI());
        Pattern name = Pattern.compile("V(\\d+)__.+\\.sql");
        int newest;
        try (Stream<Path> files = Files.list(folder)) {
            newest = files.map(f -> name.matcher(f.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElseThrow();
        }
        assertThat(MigratedSchema.NEWEST).as("MigratedSchema.NEWEST must follow a new migration").isEqualTo(String.valueOf(newest));
    }

    @Test
    void aNewDatabaseIsMigratedAndThenRecognisedAsCurrentWithoutFlyway() throws Exception {
        try (TestDatabase test = TestDatabase.create()) {
            DatabaseSettings settings = DatabaseSettings.external(test.url(), test.user(), test.password());
            try (Database db = Database.open(settings)) {
                assertThat(MigratedSchema.current(db.dataSource())).isTrue();
            }
            // a checksum Flyway's validation would refuse: the second open does not start Flyway, so it opens
            sql(test, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            assertThatThrownBy(() -> migrations(test).load().validate()).hasMessageContaining("checksum mismatch");
            try (Database again = Database.open(settings)) {
                assertThat(MigratedSchema.current(again.dataSource())).isTrue();
            }
        }
    }

    @Test
    void anOlderSchemaIsMigratedByFlyway() throws Exception {
        try (TestDatabase test = TestDatabase.create()) {
            migrations(test).target("23").load().migrate();
            try (Database db = Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()))) {
                assertThat(MigratedSchema.current(db.dataSource())).isTrue();
                assertThat(newest(test)).isEqualTo(MigratedSchema.NEWEST);
            }
        }
    }

    @Test
    void aFailedMigrationOnRecordGoesToFlywayWhichSaysSo() throws Exception {
        try (TestDatabase test = TestDatabase.create()) {
            DatabaseSettings settings = DatabaseSettings.external(test.url(), test.user(), test.password());
            Database.open(settings).close();
            sql(test, "UPDATE flyway_schema_history SET success = false WHERE version = '" + MigratedSchema.NEWEST + "'");
            assertThatThrownBy(() -> Database.open(settings)).isInstanceOf(DatabaseUnavailableException.class)
                    .hasMessageContaining("cannot migrate the schema of").hasMessageContaining("failed");
        }
    }

    private static FluentConfiguration migrations(TestDatabase test) {
        return Flyway.configure().dataSource(test.url(), test.user(), test.password()).locations("classpath:db/migration");
    }

    private static void sql(TestDatabase test, String statement) throws Exception {
        try (Connection c = test.connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String newest(TestDatabase test) throws Exception {
        try (Connection c = test.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT max(version::int) FROM flyway_schema_history")) {
            r.next();
            return r.getString(1);
        }
    }
}
