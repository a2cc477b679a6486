package dev.opsbook.chat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Identities from configuration: {@code users} maps a platform key ({@code slack:U123},
 * {@code discord:1234}) to an opsbook id, {@code groups} maps a group name to the opsbook ids in it.
 */
public final class ConfiguredIdentityDirectory implements IdentityDirectory {
    private final Map<String, String> users;
    private final Map<String, List<String>> groups;

    public ConfiguredIdentityDirectory(Map<String, String> users, Map<String, List<String>> groups) {
        this.users = Map.copyOf(users);
        this.groups = Map.copyOf(groups);
    }

    @Override
    public Identity identify(ChatUser user) {
        String id = users.getOrDefault(user.key(), user.key());
        Set<String> memberOf = new HashSet<>();
        groups.forEach((group, members) -> {
            if (members.contains(id)) {
                memberOf.add(group.startsWith("@") ? group.substring(1) : group);
            }
        });
        return new Identity(id, memberOf);
    }
}
