package dev.opsbook.chat;

import java.util.Set;

/**
 * The opsbook identity behind a chat user ({@code alice}) and the groups they belong to
 * ({@code dba}, without the {@code @}). Runbooks name runners and approvers with these.
 */
public record Identity(String id, Set<String> groups) {
    public Identity {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("an identity needs an id");
        }
        groups = Set.copyOf(groups);
    }

    public boolean inGroup(String group) {
        return groups.contains(group.startsWith("@") ? group.substring(1) : group);
    }
}
