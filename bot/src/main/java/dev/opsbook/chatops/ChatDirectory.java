package dev.opsbook.chatops;

import dev.opsbook.approval.Directory;
import dev.opsbook.chat.Identity;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group membership for the engine's approver and runner checks, as chat knows it: the configured
 * groups, plus the groups each identity had when it last acted from chat (which include platform
 * groups such as Slack user groups).
 */
public final class ChatDirectory implements Directory {
    private final Map<String, List<String>> configured;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    /** {@code configured}: group → opsbook ids ({@code opsbook.chat.groups}). */
    public ChatDirectory(Map<String, List<String>> configured) {
        this.configured = Map.copyOf(configured);
    }

    /** Remembers the groups of {@code identity}, resolved by chat for the request at hand. */
    void remember(Identity identity) {
        seen.put(identity.id(), identity.groups());
    }

    @Override
    public Set<String> groupsOf(String userId) {
        Set<String> groups = new HashSet<>(seen.getOrDefault(userId, Set.of()));
        configured.forEach((group, members) -> {
            if (members.contains(userId)) {
                groups.add(group.startsWith("@") ? group.substring(1) : group);
            }
        });
        return groups;
    }
}
