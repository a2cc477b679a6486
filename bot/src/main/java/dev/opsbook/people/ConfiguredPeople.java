package dev.opsbook.people;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * People from the server's properties, kept working for configurations written before {@code people.yaml}:
 * {@code opsbook.chat.users.<id>.<platform>}, {@code opsbook.chat.groups.<group>} and
 * {@code opsbook.web.users.<id>.groups}. The command line does not read them, so {@code serve} logs that they should
 * move to {@code people.yaml}.
 */
public final class ConfiguredPeople implements PeopleSource {
    private final List<Member> people;

    public ConfiguredPeople(Map<String, Map<String, String>> chatUsers, Map<String, List<String>> chatGroups,
                            Map<String, List<String>> webUserGroups) {
        Map<String, Map<String, String>> accounts = new HashMap<>();
        Map<String, Set<String>> groups = new HashMap<>();
        chatUsers.forEach((id, handles) -> accounts.computeIfAbsent(id, k -> new HashMap<>()).putAll(handles));
        chatGroups.forEach((group, members) -> members.forEach(m ->
                groups.computeIfAbsent(m.strip(), k -> new LinkedHashSet<>()).add(group)));
        webUserGroups.forEach((id, g) -> groups.computeIfAbsent(id, k -> new LinkedHashSet<>()).addAll(g));
        List<Member> all = new ArrayList<>();
        for (String id : new TreeSet<>(union(accounts.keySet(), groups.keySet()))) {
            all.add(new Member(id, accounts.getOrDefault(id, Map.of()), groups.getOrDefault(id, Set.of()),
                    "server properties"));
        }
        this.people = List.copyOf(all);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    public boolean isEmpty() {
        return people.isEmpty();
    }

    @Override
    public List<Member> people() {
        return people;
    }

    @Override
    public String describe() {
        return "server properties (opsbook.chat.users, opsbook.chat.groups, opsbook.web.users.*.groups)";
    }
}
