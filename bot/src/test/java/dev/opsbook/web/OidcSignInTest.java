package dev.opsbook.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.chat.Requester;
import dev.opsbook.people.ObservedGroups;
import dev.opsbook.people.PeopleDirectory;
import dev.opsbook.testing.InMemoryAuditLog;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** OIDC users become opsbook identities by a claim, with their groups; a token without the claim is refused. */
class OidcSignInTest {
    final InMemoryAuditLog audit = new InMemoryAuditLog(Clock.systemUTC());
    final WebProperties.Oidc settings = new WebProperties.Oidc("https://id.example.com", "opsbook", "s", null, null);

    private OidcSignIn signIn(Map<String, Object> claims) {
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60), claims);
        return new OidcSignIn(request -> new DefaultOidcUser(List.of(), token), settings, new SignInAudit(audit));
    }

    @Test
    void theUserClaimIsTheOpsbookIdAndTheGroupsClaimTheGroups() {
        OidcUser user = signIn(Map.of("sub", "00u1", "preferred_username", "alice", "groups", List.of("dba", "@oncall")))
                .loadUser(null);
        assertThat(user.getName()).isEqualTo("alice");
        ObservedGroups claimed = new ObservedGroups("web");
        PeopleDirectory people = new PeopleDirectory(List.of(), List.of(claimed), "people.yaml");
        Requester requester = new WebRequester(people, claimed).of(new TestingAuthenticationToken(user, null, user.getAuthorities().stream().toList()) {
            @Override
            public String getName() {
                return user.getName();
            }
        });
        assertThat(requester.identity().id()).isEqualTo("alice");
        assertThat(requester.identity().groups()).containsExactlyInAnyOrder("dba", "oncall");
        assertThat(requester.user().platform()).isEqualTo("web");
        // the claim's groups count for approvals and runner checks too, which ask the directory by opsbook id
        assertThat(people.groupsOf("alice")).containsExactlyInAnyOrder("dba", "oncall");
        assertThat(requester.actor().displayName()).isEqualTo("alice (dashboard)");
        assertThat(audit.events()).singleElement().satisfies(e -> {
            assertThat(e.event().action()).isEqualTo(AuditActions.AUTH_SIGN_IN);
            assertThat(e.event().result()).isEqualTo("ok");
            assertThat(e.event().details()).containsEntry("method", "oidc");
        });
    }

    @Test
    void aTokenWithoutTheUserClaimIsRefusedAndAudited() {
        assertThatThrownBy(() -> signIn(Map.of("sub", "00u2")).loadUser(null))
                .isInstanceOf(OAuth2AuthenticationException.class)
                .hasMessageContaining("no preferred_username claim");
        assertThat(audit.events()).singleElement().satisfies(e -> {
            assertThat(e.event().result()).isEqualTo("failed");
            assertThat(e.event().actor().userId()).isEqualTo("00u2");
        });
    }
}
