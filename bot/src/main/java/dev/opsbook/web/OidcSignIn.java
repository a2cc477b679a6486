package dev.opsbook.web;

import java.util.List;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Maps a user signed in at the OIDC provider to their opsbook identity: the id is the {@code userClaim} (default
 * {@code preferred_username}), the groups come from {@code groupsClaim}. A token without the id claim is refused.
 * Every outcome is audited as {@code auth.sign_in} with method {@code oidc}.
 */
final class OidcSignIn implements OAuth2UserService<OidcUserRequest, OidcUser> {
    private final OAuth2UserService<OidcUserRequest, OidcUser> provider;
    private final WebProperties.Oidc settings;
    private final SignInAudit audit;

    OidcSignIn(OAuth2UserService<OidcUserRequest, OidcUser> provider, WebProperties.Oidc settings, SignInAudit audit) {
        this.provider = provider;
        this.settings = settings;
        this.audit = audit;
    }

    OidcSignIn(WebProperties.Oidc settings, SignInAudit audit) {
        this(new OidcUserService(), settings, audit);
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user = provider.loadUser(request);
        Object id = user.getClaims().get(settings.userClaim());
        if (!(id instanceof String name) || name.isBlank()) {
            String subject = user.getSubject();
            audit.failed(subject, "oidc", "the ID token has no " + settings.userClaim() + " claim", null);
            throw new OAuth2AuthenticationException(new OAuth2Error("missing_user_claim",
                    "Your sign-in has no " + settings.userClaim() + " claim, which opsbook uses as your id.", null));
        }
        List<String> groups = user.getClaimAsStringList(settings.groupsClaim());
        audit.ok(name, "oidc", null);
        return new DefaultOidcUser(SignInUsers.authorities(groups == null ? List.of() : groups.stream()
                .map(g -> g.startsWith("@") ? g.substring(1) : g).toList()), user.getIdToken(), user.getUserInfo(),
                settings.userClaim());
    }
}
