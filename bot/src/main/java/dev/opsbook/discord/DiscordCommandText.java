package dev.opsbook.discord;

import java.util.Map;

/**
 * Turns a Discord {@code /runbook <subcommand>} with its options back into the command text the
 * router reads: option values are quoted (so names with spaces survive), except {@code params},
 * which is the raw {@code k=v ...} list, and {@code reason}, which is free text.
 */
final class DiscordCommandText {
    private DiscordCommandText() {}

    /** Option order per subcommand, as registered in {@link DiscordSlashCommands}. */
    static String of(String subcommand, Map<String, String> options) {
        StringBuilder text = new StringBuilder(subcommand == null ? "help" : subcommand);
        for (String name : new String[] {"id", "service", "run", "target"}) {
            String value = options.get(name);
            if (value != null && !value.isBlank()) {
                text.append(' ').append(quote(value));
            }
        }
        for (String raw : new String[] {"params", "reason"}) {
            String value = options.get(raw);
            if (value != null && !value.isBlank()) {
                text.append(' ').append(value);
            }
        }
        return text.toString();
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
