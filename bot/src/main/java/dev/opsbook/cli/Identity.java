package dev.opsbook.cli;

import dev.opsbook.audit.Actor;
import java.util.Map;

/** Who is acting on the command line: {@code --as USER}, else {@code $USER}. */
final class Identity {
    private Identity() {}

    static Actor of(String as, Map<String, String> env) throws RunCommand.Refusal {
        String user = as != null && !as.isBlank() ? as.strip() : env.getOrDefault("USER", "").strip();
        if (user.isEmpty()) {
            throw new RunCommand.Refusal("who are you? pass --as USER (USER is not set)");
        }
        return new Actor("cli", user, user);
    }
}
