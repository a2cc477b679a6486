package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.JdbcStoredUsers;
import dev.opsbook.web.StoredUsers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** {@code opsbook users add}: the password from stdin, only its hash stored, audited; bad input refused clearly. */
class UsersCommandIT {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir.resolve("home"));
    }

    @AfterEach
    void tearDown() {
        cli.close();
    }

    CliFixture.Result add(String stdin, String... args) {
        return cli.execute(new UsersCommand.Add(cli.env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))), args);
    }

    @Test
    void addsAUserWithAHashedPasswordFromStdinAndAuditsIt() {
        CliFixture.Result r = add("correct horse battery\n", "erin", "--groups", "dba,@oncall");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("added web user erin (groups dba, oncall)");

        try (Database db = Database.open(DatabaseSettings.external(cli.db.url(), cli.db.user(), cli.db.password()));
             JdbcAuditLog audit = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            StoredUsers.StoredUser erin = new JdbcStoredUsers(db.dataSource()).find("erin").orElseThrow();
            assertThat(erin.passwordHash()).startsWith("{bcrypt}").doesNotContain("horse");
            assertThat(PasswordEncoderFactories.createDelegatingPasswordEncoder().matches("correct horse battery",
                    erin.passwordHash())).isTrue();
            assertThat(erin.groups()).containsExactly("dba", "oncall");
            List<String> events = new ArrayList<>();
            audit.read(1, e -> events.add(e.event().action() + " " + e.event().actor().userId() + " " + e.event().details()));
            assertThat(events).anyMatch(e -> e.startsWith(AuditActions.AUTH_USER_ADDED + " alice") && e.contains("user=erin"));
            assertThat(String.join("\n", events)).doesNotContain("horse");
        }

        CliFixture.Result again = add("another long password\n", "erin");
        assertThat(again.exitCode()).isEqualTo(RunCommand.REFUSED);
        assertThat(again.err()).contains("a web user named erin already exists");
    }

    @Test
    void refusesAShortOrMissingPasswordAndABadName() {
        CliFixture.Result shortOne = add("short\n", "frank");
        assertThat(shortOne.exitCode()).isEqualTo(2);
        assertThat(shortOne.err()).contains("at least 12 characters");
        assertThat(add("", "frank").exitCode()).isEqualTo(2);
        CliFixture.Result badName = add("a long enough password\n", "frank smith");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.err()).contains("a user name is 1-64 letters");
    }
}
