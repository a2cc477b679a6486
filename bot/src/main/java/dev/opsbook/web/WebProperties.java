package dev.opsbook.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Web settings ({@code opsbook.web.*}).
 *
 * @param users           name → configured user ({@code opsbook.web.users.alice.password-hash={bcrypt}…},
 *                        {@code opsbook.web.users.alice.groups=dba,oncall})
 * @param oidc            an OpenID Connect provider to sign in with; off while its issuer is blank
 * @param refreshDebounce how long the site waits after a change (runbook file, run history) before rebuilding
 * @param historyPoll     how often the run history (audit log head, shared by all replicas) is checked for changes
 * @param gitPoll         how often the runbook repository's HEAD is checked (a git pull moves it)
 * @param maxFailures     failed sign-ins of one user name within {@code lockout} before further attempts are refused
 * @param lockout         the window failures are counted in, and how long a throttled name stays refused
 * @param sessionTimeout  how long a sign-in session lasts without a request (sessions are shared by all replicas)
 */
@ConfigurationProperties("opsbook.web")
public record WebProperties(Map<String, User> users, Oidc oidc, Duration refreshDebounce, Duration historyPoll,
                            Duration gitPoll, Integer maxFailures, Duration lockout, Duration sessionTimeout) {
    public WebProperties {
        users = users == null ? Map.of() : Map.copyOf(users);
        oidc = oidc == null ? new Oidc(null, null, null, null, null) : oidc;
        refreshDebounce = refreshDebounce == null ? Duration.ofMillis(500) : refreshDebounce;
        historyPoll = historyPoll == null ? Duration.ofSeconds(2) : historyPoll;
        gitPoll = gitPoll == null ? Duration.ofSeconds(5) : gitPoll;
        maxFailures = maxFailures == null ? 5 : maxFailures;
        lockout = lockout == null ? Duration.ofMinutes(15) : lockout;
        sessionTimeout = sessionTimeout == null ? Duration.ofHours(8) : sessionTimeout;
    }

    /** A configured user: a password hash with its {@code {id}} prefix (never a plain password) and groups. */
    public record User(String passwordHash, List<String> groups) {
        public User {
            passwordHash = passwordHash == null ? "" : passwordHash.strip();
            groups = groups == null ? List.of() : groups.stream().map(String::strip).filter(g -> !g.isEmpty())
                    .map(g -> g.startsWith("@") ? g.substring(1) : g).toList();
        }
    }

    /**
     * @param issuer       the provider's issuer URL (discovery at {@code issuer/.well-known/openid-configuration})
     * @param userClaim    the ID token claim that is the opsbook id (default {@code preferred_username})
     * @param groupsClaim  the claim listing the user's groups (default {@code groups})
     */
    public record Oidc(String issuer, String clientId, String clientSecret, String userClaim, String groupsClaim) {
        public Oidc {
            issuer = issuer == null ? "" : issuer.strip();
            clientId = clientId == null ? "" : clientId.strip();
            clientSecret = clientSecret == null ? "" : clientSecret;
            userClaim = userClaim == null || userClaim.isBlank() ? "preferred_username" : userClaim.strip();
            groupsClaim = groupsClaim == null || groupsClaim.isBlank() ? "groups" : groupsClaim.strip();
        }

        public boolean enabled() {
            return !issuer.isEmpty();
        }
    }
}
