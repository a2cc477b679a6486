package dev.opsbook.people;

import dev.opsbook.approval.Directory;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.IdentityDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one directory of people and groups. Every door asks it the same questions: the command line ({@code --as alice}),
 * the dashboard (the signed-in login), Slack and Discord (their user ids) are mapped to an opsbook id by
 * {@link #identify}, and runner and approver checks ask {@link #groupsOf} — so the same person gets the same answer
 * wherever they ask. It merges its {@link PeopleSource}s (people.yaml, groups.properties, the database, configuration;
 * an account claimed twice belongs to the first source that names it) with the {@link PlatformGroups} of each person's
 * accounts (Slack user groups, Discord roles, an identity provider's groups).
 *
 * <p>A chat user nobody mapped is known by their platform key ({@code slack:U123}) with only the platform's groups;
 * a web login nobody mapped is its own opsbook id.
 */
public final class PeopleDirectory implements Directory, IdentityDirectory {
    private final List<PeopleSource> sources;
    private final List<PlatformGroups> platforms;
    private final String managedIn;
    /** The last merge and the lists it was made of: asked again with the same lists, the merge is the same. */
    private volatile Merged last;

    private record Merged(List<List<Member>> from, Map<String, Member> byId) {}

    /** {@code managedIn} tells a refused person where group membership is changed (appended to refusals). */
    public PeopleDirectory(List<PeopleSource> sources, List<PlatformGroups> platforms, String managedIn) {
        this.sources = List.copyOf(sources);
        this.platforms = List.copyOf(platforms);
        this.managedIn = managedIn;
    }

    /** Everyone the sources name, merged by opsbook id, in id order. */
    public List<Member> everyone() {
        return merged().values().stream().sorted(java.util.Comparator.comparing(Member::id)).toList();
    }

    public Optional<Member> find(String id) {
        return Optional.ofNullable(merged().get(id));
    }

    /** Group → opsbook ids, from the sources (platform groups are not listed: they are asked per account). */
    public Map<String, Set<String>> groups() {
        Map<String, Set<String>> groups = new java.util.TreeMap<>();
        for (Member m : merged().values()) {
            m.groups().forEach(g -> groups.computeIfAbsent(g, k -> new TreeSet<>()).add(m.id()));
        }
        return groups;
    }

    /** The sources whose last read failed, and why (their last good entries are still used). */
    public List<String> problems() {
        return sources.stream().flatMap(s -> s.problem().stream()).toList();
    }

    public List<PeopleSource> sources() {
        return sources;
    }

    @Override
    public Identity identify(ChatUser user) {
        Map<String, Member> people = merged();
        String id = idOf(people, user.platform(), user.userId());
        Set<String> groups = new LinkedHashSet<>(groupsOf(people, id));
        groups.addAll(platformGroups(user.platform(), user.userId()));
        return new Identity(id, groups);
    }

    /** The opsbook id of {@code account} on {@code platform}: the person who claims it, else see the class comment. */
    public String idOf(String platform, String account) {
        return idOf(merged(), platform, account);
    }

    private static String idOf(Map<String, Member> people, String platform, String account) {
        for (Member m : people.values()) {
            if (account.equals(m.accounts().get(platform))) {
                return m.id();
            }
        }
        return platform.equals("web") ? account : platform + ":" + account;
    }

    @Override
    public Set<String> groupsOf(String userId) {
        return groupsOf(merged(), userId);
    }

    private Set<String> groupsOf(Map<String, Member> people, String userId) {
        Member m = people.get(userId);
        Set<String> groups = new LinkedHashSet<>();
        Map<String, String> accounts = new HashMap<>();
        if (m != null) {
            groups.addAll(m.groups());
            accounts.putAll(m.accounts());
        }
        int colon = userId.indexOf(':');
        if (m == null && colon > 0) {
            accounts.put(userId.substring(0, colon), userId.substring(colon + 1));
        }
        accounts.putIfAbsent("web", userId);
        accounts.forEach((platform, account) -> groups.addAll(platformGroups(platform, account)));
        return groups;
    }

    @Override
    public String managedIn() {
        return managedIn;
    }

    private Set<String> platformGroups(String platform, String account) {
        Set<String> groups = new LinkedHashSet<>();
        for (PlatformGroups p : platforms) {
            if (p.platform().equals(platform)) {
                groups.addAll(p.groupsOf(account));
            }
        }
        return groups;
    }

    private Map<String, Member> merged() {
        List<List<Member>> from = new ArrayList<>(sources.size());
        for (PeopleSource source : sources) {
            from.add(source.people());
        }
        Merged m = last;
        if (m != null && same(m.from(), from)) {
            return m.byId();
        }
        Map<String, Member> byId = java.util.Collections.unmodifiableMap(merge(from));
        last = new Merged(from, byId);
        return byId;
    }

    private static boolean same(List<List<Member>> a, List<List<Member>> b) {
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Member> merge(List<List<Member>> lists) {
        Map<String, Member> byId = new LinkedHashMap<>();
        Set<String> claimed = new java.util.HashSet<>();
        for (List<Member> people : lists) {
            for (Member m : people) {
                Member before = byId.get(m.id());
                Map<String, String> accounts = new HashMap<>(before == null ? Map.of() : before.accounts());
                m.accounts().forEach((platform, account) -> {
                    if (!accounts.containsKey(platform) && claimed.add(platform + ":" + account)) {
                        accounts.put(platform, account);
                    }
                });
                Set<String> groups = new LinkedHashSet<>(before == null ? Set.of() : before.groups());
                groups.addAll(m.groups());
                List<String> from = new ArrayList<>(before == null ? List.of() : List.of(before.source().split(", ")));
                if (!from.contains(m.source())) {
                    from.add(m.source());
                }
                byId.put(m.id(), new Member(m.id(), accounts, groups, String.join(", ", from)));
            }
        }
        return byId;
    }
}
