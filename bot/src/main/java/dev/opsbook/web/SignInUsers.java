package dev.opsbook.web;

import java.util.List;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Users who sign in with a password: those configured in {@code opsbook.web.users.*} first, then those opsbook stored
 * ({@link StoredUsers}). Their groups are not fixed at sign-in: {@link WebRequester} asks the people directory on
 * every request. (Only an identity provider's group claim travels as {@code GROUP_<name>} authorities.)
 */
final class SignInUsers implements UserDetailsService {
    static final String GROUP = "GROUP_";

    private final WebProperties settings;
    private final StoredUsers stored;

    SignInUsers(WebProperties settings, StoredUsers stored) {
        this.settings = settings;
        this.stored = stored;
    }

    @Override
    public UserDetails loadUserByUsername(String name) {
        WebProperties.User configured = settings.users().get(name);
        if (configured != null && !configured.passwordHash().isEmpty()) {
            return user(name, configured.passwordHash());
        }
        Optional<StoredUsers.StoredUser> found = stored.find(name);
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no web user " + name);
        }
        return user(name, found.get().passwordHash());
    }

    static List<GrantedAuthority> authorities(List<String> groups) {
        return groups.stream().map(g -> (GrantedAuthority) new SimpleGrantedAuthority(GROUP + g)).toList();
    }

    private static UserDetails user(String name, String hash) {
        return User.withUsername(name).password(hash).authorities(List.of()).build();
    }
}
