package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.people.Member;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
}
