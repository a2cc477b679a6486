package dev.opsbook.web;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Requester;
import dev.opsbook.people.ObservedGroups;
import dev.opsbook.people.PeopleDirectory;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in person as the same {@link Requester} chat uses: platform {@code web}, the opsbook id the people
 * directory maps their login to (the login itself unless a person claims it as their {@code web} account) and the
 * groups the directory gives that id, shown as "id (dashboard)" — so every action from the dashboard goes through the
 * same runner checks, approval policy and audit as chat and the command line, and a membership change counts on the
 * next request without signing in again. Groups an identity provider lists in its token (OIDC) are merged in as the
 * {@code web} platform's groups of that login.
 */
final class WebRequester {
    static final String PLATFORM = "web";
    /** Where dashboard actions come from; the run mirror's messages to it are dropped (the run page shows the run). */
    static final ChatThread DASHBOARD = ChatThread.channel(PLATFORM, "dashboard");

    private final PeopleDirectory people;
    private final ObservedGroups signInGroups;

    WebRequester(PeopleDirectory people, ObservedGroups signInGroups) {
        this.people = people;
        this.signInGroups = signInGroups;
    }

    Requester of(Authentication signedIn) {
        String login = signedIn.getName();
        Set<String> claimed = signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(SignInUsers.GROUP)).map(a -> a.substring(SignInUsers.GROUP.length()))
                .collect(Collectors.toSet());
        if (!claimed.isEmpty()) {
            signInGroups.observe(login, claimed);
        }
        String id = people.idOf(PLATFORM, login);
        ChatUser user = new ChatUser(PLATFORM, login, id + " (dashboard)");
        return new Requester(user, people.identify(user));
    }

    PeopleDirectory people() {
        return people;
    }
}
