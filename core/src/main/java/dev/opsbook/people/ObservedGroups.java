package dev.opsbook.people;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Platform groups that arrive with a request rather than from a lookup: a Discord member's roles on an interaction,
 * the group claim of an OIDC sign-in. Remembered in memory (per process) as of the account's latest request.
 */
public final class ObservedGroups implements PlatformGroups {
    private final String platform;
    private final Map<String, Set<String>> byAccount = new ConcurrentHashMap<>();

    public ObservedGroups(String platform) {
        this.platform = platform;
    }

    /** Records what {@code account} brought along just now (replacing what it brought before). */
    public void observe(String account, Set<String> groups) {
        byAccount.put(account, groups.stream().map(g -> g.startsWith("@") ? g.substring(1) : g)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    @Override
    public String platform() {
        return platform;
    }

    @Override
    public Set<String> groupsOf(String account) {
        return byAccount.getOrDefault(account, Set.of());
    }
}
