package dev.opsbook.chatops;

import dev.opsbook.people.Member;
import dev.opsbook.runbook.Person;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Who a runbook's escalation contact is on a chat platform, read from the people directory (the one
 * source of who is who): the account the person has there, else the person's handle in the runbook
 * when it is a platform user id; a group ({@code @dba}) stands for its members' accounts.
 */
public final class ChatContacts {
    /** Nobody is known on any platform. */
    public static final ChatContacts NONE = new ChatContacts(List::of);
    private static final Map<String, Pattern> USER_IDS = Map.of("slack", Pattern.compile("[UW][A-Z0-9]{2,}"),
            "discord", Pattern.compile("\\d{5,}"));

    private final Supplier<List<Member>> people;

    /** {@code people}: everyone in the directory, asked at each escalation so directory edits count at once. */
    public ChatContacts(Supplier<List<Member>> people) {
        this.people = people;
    }

    /** The platform user ids {@code who} stands for on {@code platform}, in order, without repeats. */
    List<String> userIds(String platform, Person who) {
        Set<String> ids = new LinkedHashSet<>();
        List<Member> everyone = people.get();
        if (who.isGroup()) {
            String group = who.id().substring(1);
            everyone.stream().filter(m -> m.groups().contains(group))
                    .forEach(m -> Optional.ofNullable(m.accounts().get(platform)).ifPresent(ids::add));
        } else {
            everyone.stream().filter(m -> m.id().equals(who.id()))
                    .forEach(m -> Optional.ofNullable(m.accounts().get(platform)).ifPresent(ids::add));
            String handle = who.handles().get(platform);
            Pattern userId = USER_IDS.get(platform);
            if (handle != null && userId != null && userId.matcher(handle).matches()) {
                ids.add(handle);
            }
        }
        return List.copyOf(ids);
    }
}
