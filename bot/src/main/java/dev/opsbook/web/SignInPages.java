package dev.opsbook.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The sign-in page (password form, and the OIDC button when a provider is configured) and the sign-out page. */
@RestController
final class SignInPages {
    private final WebPages pages;
    private final WebProperties settings;

    SignInPages(WebPages pages, WebProperties settings) {
        this.pages = pages;
        this.settings = settings;
    }

    @GetMapping(value = "/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    String signIn(HttpServletRequest request, CsrfToken csrf) {
        Map<String, Object> scope = base("Sign in", csrf);
        HttpSession session = request.getSession(false);
        if (request.getParameter("error") != null && session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION) instanceof AuthenticationException e) {
            scope.put("error", switch (e) {
                case OAuth2AuthenticationException oidc when oidc.getError().getDescription() != null ->
                        "Signing in with your identity provider failed: " + oidc.getError().getDescription();
                case LockedException locked -> locked.getMessage();
                default -> "Wrong user name or password.";
            });
            session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
        } else if (request.getParameter("error") != null) {
            scope.put("error", "Signing in failed; try again.");
        }
        if (request.getParameter("signed-out") != null) {
            scope.put("notice", "You are signed out.");
        }
        scope.put("oidc", settings.oidc().enabled());
        scope.put("signing_in", true);
        return pages.render("web-sign-in.mustache", scope);
    }

    @GetMapping(value = "/sign-out", produces = MediaType.TEXT_HTML_VALUE)
    String signOut(Authentication user, CsrfToken csrf) {
        Map<String, Object> scope = base("Sign out", csrf);
        scope.put("web_user", user.getName());
        return pages.render("web-sign-out.mustache", scope);
    }

    private static Map<String, Object> base(String title, CsrfToken csrf) {
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("title", title);
        scope.put("root", "/");
        scope.put("csrf_name", csrf.getParameterName());
        scope.put("csrf_token", csrf.getToken());
        return scope;
    }
}
