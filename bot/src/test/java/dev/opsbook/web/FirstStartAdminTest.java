package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.InMemoryAuditLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class FirstStartAdminTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
    final InMemoryAuditLog audit = new InMemoryAuditLog(clock);
    final FakeStoredUsers users = new FakeStoredUsers();
    final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    static final class FakeStoredUsers implements StoredUsers {
        final Map<String, StoredUser> byName = new ConcurrentHashMap<>();

        @Override
        public Optional<StoredUser> find(String name) {
            return Optional.ofNullable(byName.get(name));
        }

        @Override
        public long count() {
            return byName.size();
        }

        @Override
        public void add(StoredUser user) {
            if (byName.putIfAbsent(user.name(), user) != null) {
                throw new IllegalStateException("exists");
            }
        }
    }

    private boolean ensure(WebProperties settings) {
        return FirstStartAdmin.ensure(settings, users, encoder, audit, clock,
                new PrintStream(console, true, StandardCharsets.UTF_8), java.nio.file.Path.of(".opsbook/people.yaml"));
    }

    private static WebProperties settings(Map<String, WebProperties.User> configured, String issuer) {
        return new WebProperties(configured, new WebProperties.Oidc(issuer, "id", "secret", null, null), null, null, null,
                null, null, null);
    }

    @Test
    void withNoWayToSignInCreatesAnAdminPrintsItsPasswordOnceAndStoresOnlyTheHash() {
        assertThat(ensure(settings(Map.of(), ""))).isTrue();
        String printed = console.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("password: (\\S{20})").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        String password = m.group(1);

        StoredUsers.StoredUser admin = users.find("admin").orElseThrow();
        assertThat(admin.passwordHash()).startsWith("{bcrypt}").doesNotContain(password);
        assertThat(encoder.matches(password, admin.passwordHash())).isTrue();
        assertThat(admin.groups()).containsExactly("admin");
        // the message says how to let admin run the samples: the People page or people.yaml
        assertThat(printed).contains("among their runners (@sre)", "open People", "(/people)", ".opsbook/people.yaml",
                "sre: [admin]");
        assertThat(audit.events()).singleElement().satisfies(e -> {
            assertThat(e.event().action()).isEqualTo(AuditActions.AUTH_USER_ADDED);
            assertThat(e.event().toString()).doesNotContain(password);
        });

        console.reset();
        assertThat(ensure(settings(Map.of(), ""))).isFalse();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void configuredUsersOrAnOidcProviderMeanNoGeneratedAdmin() {
        assertThat(ensure(settings(Map.of("alice", new WebProperties.User("{bcrypt}$2a$04$x", List.of())), ""))).isFalse();
        assertThat(ensure(settings(Map.of(), "https://id.example.com"))).isFalse();
        assertThat(users.count()).isZero();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
