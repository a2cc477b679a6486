package dev.opsbook.web;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.Requester;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in person as the same {@link Requester} chat uses: platform {@code web}, their opsbook id (user name, or
 * the OIDC claim) and their groups, shown as "name (dashboard)" — so every action from the dashboard goes through
 * the same runner checks, approval policy and audit as chat, and the audit log says it was dashboard-triggered.
 */
final class WebRequester {
    static final String PLATFORM = "web";
    /** Where dashboard actions come from; the run mirror's messages to it are dropped (the run page shows the run). */
    static final ChatThread DASHBOARD = ChatThread.channel(PLATFORM, "dashboard");

    private WebRequester() {}

    static Requester of(Authentication signedIn) {
        String id = signedIn.getName();
        Set<String> groups = signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(SignInUsers.GROUP)).map(a -> a.substring(SignInUsers.GROUP.length()))
                .collect(Collectors.toSet());
        return new Requester(new ChatUser(PLATFORM, id, id + " (dashboard)"), new Identity(id, groups));
    }
}
