package dev.opsbook.web;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * On a first start with no way to sign in (no configured users, no OIDC, nobody stored) creates the web user
 * {@code admin} (group {@code admin}) with a generated password, stores only its hash and prints the password once
 * to the console — not to the log — with how to let admin run the sample runbooks (add it to {@code @sre} on the
 * People page or in {@code people.yaml}). A later start finds the stored user and prints nothing. With several replicas
 * starting together, one of them wins and prints; the others find the user taken.
 */
final class FirstStartAdmin {
    static final String NAME = "admin";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private FirstStartAdmin() {}

    /** Returns whether an admin was created (and its password printed). */
    static boolean ensure(WebProperties settings, StoredUsers users, PasswordEncoder encoder, AuditLog audit,
                          Clock clock, PrintStream console, Path peopleFile) {
        boolean configured = settings.users().values().stream().anyMatch(u -> !u.passwordHash().isEmpty());
        if (configured || settings.oidc().enabled() || users.count() > 0) {
            return false;
        }
        String password = generate(new SecureRandom(), 20);
        try {
            users.add(new StoredUsers.StoredUser(NAME, encoder.encode(password), List.of("admin"), clock.instant(),
                    "first start"));
        } catch (IllegalStateException anotherReplicaWon) {
            return false;
        }
        audit.append(new AuditEvent(Actor.SYSTEM, AuditActions.AUTH_USER_ADDED, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), "ok", Optional.empty(), Optional.empty(),
                Map.of("user", NAME, "groups", "admin", "reason", "first start without web users")));
        console.println();
        console.println("  No web users are configured, so opsbook created one for you:");
        console.println("    user:     " + NAME);
        console.println("    password: " + password);
        console.println("  This password is shown only now; opsbook stores only its hash.");
        console.println();
        console.println("  To run the sample runbooks, admin must be among their runners (@sre): sign in, open People");
        console.println("  (/people) and add admin to the group sre, or write it into " + peopleFile + ":");
        console.println("      groups:");
        console.println("        sre: [admin]");
        console.println("  Add more web users with `opsbook users add NAME --groups sre < password-file`, or configure");
        console.println("  opsbook.web.users.* or OIDC (opsbook.web.oidc.*); see docs/web.md.");
        console.println();
        console.flush();
        return true;
    }

    static String generate(SecureRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }
}
