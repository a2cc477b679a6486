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
 * ({@link StoredUsers}). Each user's groups become {@code GROUP_<name>} authorities, which {@link WebRequester} turns
 * back into the groups approvals and runner checks use.
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
            return user(name, configured.passwordHash(), configured.groups());
        }
        Optional<StoredUsers.StoredUser> found = stored.find(name);
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no web user " + name);
        }
        return user(name, found.get().passwordHash(), found.get().groups());
    }

    static List<GrantedAuthority> authorities(List<String> groups) {
        return groups.stream().map(g -> (GrantedAuthority) new SimpleGrantedAuthority(GROUP + g)).toList();
    }

    private static UserDetails user(String name, String hash, List<String> groups) {
        return User.withUsername(name).password(hash).authorities(authorities(groups)).build();
    }
}
