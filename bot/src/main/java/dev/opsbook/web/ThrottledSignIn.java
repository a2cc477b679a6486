package dev.opsbook.web;

import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Password sign-in around Spring's provider: refuses a throttled name before checking anything, and audits every
 * attempt ({@code auth.sign_in}, method {@code password}) with its outcome.
 */
final class ThrottledSignIn implements AuthenticationProvider {
    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final SignInAudit audit;

    ThrottledSignIn(AuthenticationProvider passwords, SignInThrottle throttle, SignInAudit audit) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.audit = audit;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String name = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
        Optional<Duration> refused = throttle.refusedFor(name);
        if (refused.isPresent()) {
            long minutes = Math.max(1, (refused.get().toSeconds() + 59) / 60);
            audit.failed(name, "password", "throttled: too many failed sign-ins", address);
            throw new LockedException("Too many failed sign-ins for " + name + "; try again in " + minutes + " minute"
                    + (minutes == 1 ? "" : "s") + ".");
        }
        try {
            Authentication ok = passwords.authenticate(attempt);
            throttle.succeeded(name);
            audit.ok(name, "password", address);
            return ok;
        } catch (AuthenticationException e) {
            throttle.failed(name);
            audit.failed(name, "password", "wrong user name or password", address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
    }
}
