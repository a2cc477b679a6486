package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.people.Member;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The database part of the people directory: V13 moves web users' groups into it; changes refuse clearly. */
class JdbcPeopleIT {
    final TestDatabase db = TestDatabase.create();

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void migrationV13MovesTheGroupsOfWebUsersIntoTheDirectory() throws Exception {
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration").target("12")
                .load().migrate();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO web_user (name, password_hash, groups, created_at, created_by) VALUES"
                    + " ('admin', '{bcrypt}x', '{admin}', now(), 'first start'),"
                    + " ('carol', '{bcrypt}y', '{dba,sre}', now(), 'cli'), ('dave', '{bcrypt}z', '{}', now(), 'cli')");
        }
        try (Database database = Database.open(DatabaseSettings.external(db.url(), db.user(), db.password()))) {
            JdbcPeople people = new JdbcPeople(database.dataSource());
            assertThat(people.people()).extracting(m -> m.id() + " " + m.groups())
                    .containsExactlyInAnyOrder("admin [admin]", "carol [dba, sre]");
            assertThat(new JdbcStoredUsers(database.dataSource()).find("carol").orElseThrow().groups())
                    .containsExactly("dba", "sre");
        }
    }

    @Test
    void peopleAndMembershipsChangeAndAnAccountBelongsToOnePerson() {
        try (Database database = Database.open(DatabaseSettings.external(db.url(), db.user(), db.password()))) {
            JdbcPeople people = new JdbcPeople(database.dataSource());
            Instant now = Instant.parse("2026-12-04T10:00:00Z");
            people.add(new Member("alice", Map.of("slack", "U1"), Set.of("sre"), ""), "root", now);
            assertThatThrownBy(() -> people.add(new Member("alice", Map.of(), Set.of(), ""), "root", now))
                    .hasMessageContaining("already in the database");
            assertThatThrownBy(() -> people.add(new Member("bob", Map.of("slack", "U1"), Set.of(), ""), "root", now))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("slack account already belongs");
            assertThat(people.addMember("dba", "bob", "root", now)).isTrue();
            assertThat(people.addMember("dba", "bob", "root", now)).isFalse();
            people.setAccounts("bob", Map.of("discord", "42"), "root", now);
            assertThat(people.people()).extracting(m -> m.id() + " " + m.accounts() + " " + m.groups())
                    .containsExactly("alice {slack=U1} [sre]", "bob {discord=42} [dba]");
            assertThat(people.removeMember("sre", "alice")).isTrue();
            assertThat(people.remove("bob")).isTrue();
            assertThat(people.remove("bob")).isFalse();
            assertThat(people.people()).extracting(Member::id).containsExactly("alice");
        }
    }

    @Test
    void aServerKeepsItsAnswerForAMomentButSeesItsOwnChangesAtOnce() {
        try (Database database = Database.open(DatabaseSettings.external(db.url(), db.user(), db.password()))) {
            FakeClock clock = FakeClock.at("2026-12-04T10:00:00Z");
            JdbcPeople server = new JdbcPeople(database.dataSource(), clock, Duration.ofSeconds(1));
            JdbcPeople elsewhere = new JdbcPeople(database.dataSource()); // another replica, or the command line
            Instant now = clock.instant();
            server.add(new Member("alice", Map.of("slack", "U1"), Set.of("sre"), ""), "root", now);
            assertThat(server.people()).extracting(Member::id).containsExactly("alice");

            elsewhere.add(new Member("bob", Map.of(), Set.of("dba"), ""), "cli", now);
            assertThat(server.people()).as("kept for a second").extracting(Member::id).containsExactly("alice");
            clock.advance(Duration.ofMillis(999));
            assertThat(server.people()).extracting(Member::id).containsExactly("alice");
            clock.advance(Duration.ofMillis(1));
            assertThat(server.people()).as("read again after a second").extracting(Member::id).containsExactly("alice", "bob");

            // its own changes drop what it kept: the People page's edit counts on the next command
            assertThat(server.addMember("sre", "bob", "root", now)).isTrue();
            assertThat(server.people()).extracting(m -> m.id() + " " + m.groups())
                    .containsExactly("alice [sre]", "bob [dba, sre]");
            assertThat(server.removeMember("sre", "alice")).isTrue();
            assertThat(server.people()).extracting(m -> m.id() + " " + m.groups())
                    .containsExactly("alice []", "bob [dba, sre]");
            server.setAccounts("bob", Map.of("slack", "U2"), "root", now);
            assertThat(server.people()).extracting(m -> m.id() + " " + m.accounts())
                    .containsExactly("alice {slack=U1}", "bob {slack=U2}");
            assertThat(server.remove("bob")).isTrue();
            assertThat(server.people()).extracting(Member::id).containsExactly("alice");
            // a refused change drops it too (harmless) and still refuses
            assertThatThrownBy(() -> server.add(new Member("carol", Map.of("slack", "U1"), Set.of(), ""), "root", now))
                    .hasMessageContaining("slack account already belongs");
            assertThat(elsewhere.people()).extracting(Member::id).containsExactly("alice");
        }
    }
}
