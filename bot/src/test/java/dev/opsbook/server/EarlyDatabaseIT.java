package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import dev.opsbook.jdbc.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** The database {@code opsbook serve} opens while Spring builds the context: taken when the settings agree, closed otherwise. */
class EarlyDatabaseIT {

    @Test
    void theBeanTakesTheEarlyDatabaseWhenTheSettingsAgree() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            DatabaseSettings settings = DatabaseSettings.external(db.url(), db.user(), db.password());
            EarlyDatabase early = new EarlyDatabase();
            early.start(settings);
            Database database = early.take(settings).orElseThrow();
            try (Connection c = database.dataSource().getConnection()) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThat(early.take(settings)).as("taken once").isEmpty();
            early.abandon();
            assertThat(((HikariDataSource) database.dataSource()).isClosed()).as("a taken database stays open").isFalse();
            database.close();
        }
    }

    @Test
    void otherSettingsCloseTheEarlyDatabaseAndTheBeanOpensItsOwn() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            DatabaseSettings read = DatabaseSettings.external(db.url(), db.user(), db.password());
            DatabaseSettings wanted = DatabaseSettings.external(db.url() + "?ApplicationName=other", db.user(), db.password());
            EarlyDatabase early = new EarlyDatabase();
            early.start(read);
            awaitConnections(db);
            assertThat(early.take(wanted)).isEmpty();
            awaitNoConnections(db);
        }
    }

    @Test
    void aServerThatFailsBeforeTakingItClosesIt() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            DatabaseSettings settings = DatabaseSettings.external(db.url(), db.user(), db.password());
            EarlyDatabase early = new EarlyDatabase();
            early.start(settings);
            awaitConnections(db);
            early.abandon();
            assertThat(early.take(settings)).as("nothing left to take").isEmpty();
            awaitNoConnections(db);
        }
    }

    /** Waits until the early pool holds a connection to {@code db} (it opens on its own thread). */
    private static void awaitConnections(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (connections(db) == 0) {
            assertThat(System.nanoTime()).as("the early database never connected").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Waits until nothing but this test is connected to {@code db} (a backend leaves shortly after its socket closes). */
    private static void awaitNoConnections(TestDatabase db) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (connections(db) > 0) {
            assertThat(System.nanoTime()).as("the early pool's connections are still open").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static int connections(TestDatabase db) throws Exception {
        try (Connection c = db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                     + " AND pid <> pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void whatOpeningThrewIsWhatTheBeanThrows() {
        DatabaseSettings unreachable = DatabaseSettings.external("jdbc:postgresql://127.0.0.1:1/none", "nobody", "");
        EarlyDatabase early = new EarlyDatabase();
        early.start(unreachable);
        assertThatThrownBy(() -> early.take(unreachable)).isInstanceOf(DatabaseUnavailableException.class);
    }
}
