package dev.opsbook.approval;

import java.util.Map;
import java.util.Set;

/** Who belongs to which group (names without the {@code @}). The identity port behind {@code @group} entries. */
@FunctionalInterface
public interface Directory {
    Directory EMPTY = user -> Set.of();

    Set<String> groupsOf(String userId);

    /** A fixed mapping group → members. */
    static Directory of(Map<String, Set<String>> members) {
        return user -> members.entrySet().stream().filter(e -> e.getValue().contains(user))
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Where group membership is changed, told to people who are refused ("members of groups are kept in
     * .opsbook/people.yaml and on the dashboard's People page"); empty when there is nothing to say.
     */
    default String managedIn() {
        return "";
    }

    /** Whether {@code userId} is named by {@code entry}: the same id, or a member of {@code @group}. */
    default boolean matches(String userId, String entry) {
        return entry.startsWith("@") ? groupsOf(userId).contains(entry.substring(1)) : entry.equals(userId);
    }
}
