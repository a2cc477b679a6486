package dev.opsbook.people;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One person in the directory: their opsbook id (what runbooks name as runners and approvers), their accounts
 * elsewhere ({@code slack} → Slack user id {@code U0123ABCD}, {@code discord} → Discord user id, {@code web} → web
 * login when it differs from the id), the groups they belong to (without {@code @}) and where this entry comes from
 * (a file path, {@code database}, a configuration key) for the people page and for refusals.
 */
public record Member(String id, Map<String, String> accounts, Set<String> groups, String source) {
    /** Platforms whose account ids the directory maps. */
    public static final Set<String> PLATFORMS = Set.of("slack", "discord", "web");

    public Member {
        if (id == null || !ID_PATTERN.matcher(id).matches()) {
            throw new IllegalArgumentException("an opsbook id is 1-64 letters, digits, '.', '_', '-' or '@' (not first), got \""
                    + id + "\"");
        }
        accounts.forEach((platform, account) -> {
            if (!PLATFORMS.contains(platform)) {
                throw new IllegalArgumentException("unknown account kind `" + platform + "` for " + id
                        + " (use slack, discord or web)");
            }
            if (account == null || account.isBlank() || account.length() > 128) {
                throw new IllegalArgumentException("the " + platform + " account of " + id + " is empty or too long");
            }
        });
        accounts = Map.copyOf(new TreeMap<>(accounts));
        groups = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(groups.stream().map(Member::group).toList()));
        source = source == null ? "" : source;
    }

    /** The pattern of opsbook ids (the same as web user names). */
    public static final String ID = "[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}";
    private static final Pattern ID_PATTERN = Pattern.compile(ID);
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    /** A group name without its {@code @}, checked. */
    public static String group(String name) {
        String g = name == null ? "" : name.strip();
        g = g.startsWith("@") ? g.substring(1) : g;
        if (!GROUP.matcher(g).matches()) {
            throw new IllegalArgumentException("a group name is 1-64 letters, digits, '.', '_' or '-', got \"" + name + "\"");
        }
        return g;
    }
}
