package dev.opsbook.chatops;

import dev.opsbook.runbook.Person;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who a runbook's escalation contact is on a chat platform: the platform user ids configured for
 * that opsbook id ({@code opsbook.chat.users.ID.PLATFORM}), else the person's handle in the runbook
 * when it is a platform user id; a group ({@code @dba}) stands for its configured members.
 */
public final class ChatContacts {
    /** Nobody is known on any platform. */
    public static final ChatContacts NONE = new ChatContacts(Map.of(), Map.of());
    private static final Map<String, Pattern> USER_IDS = Map.of("slack", Pattern.compile("[UW][A-Z0-9]{2,}"),
            "discord", Pattern.compile("\\d{5,}"));

    private final Map<String, String> platformKeys;
    private final Map<String, List<String>> groups;

    /** {@code platformKeys}: {@code platform:userId} → opsbook id; {@code groups}: group → opsbook ids. */
    public ChatContacts(Map<String, String> platformKeys, Map<String, List<String>> groups) {
        this.platformKeys = Map.copyOf(platformKeys);
        this.groups = Map.copyOf(groups);
    }

    /** The platform user ids {@code who} stands for on {@code platform}, in order, without repeats. */
    List<String> userIds(String platform, Person who) {
        Set<String> ids = new LinkedHashSet<>();
        if (who.isGroup()) {
            String group = who.id().substring(1);
            for (String member : groups.getOrDefault(group, groups.getOrDefault(who.id(), List.of()))) {
                ids.addAll(configured(platform, member));
            }
        } else {
            ids.addAll(configured(platform, who.id()));
            String handle = who.handles().get(platform);
            Pattern userId = USER_IDS.get(platform);
            if (handle != null && userId != null && userId.matcher(handle).matches()) {
                ids.add(handle);
            }
        }
        return List.copyOf(ids);
    }

    private List<String> configured(String platform, String opsbookId) {
        List<String> ids = new ArrayList<>();
        String prefix = platform + ":";
        platformKeys.forEach((key, id) -> {
            if (id.equals(opsbookId) && key.startsWith(prefix)) {
                ids.add(key.substring(prefix.length()));
            }
        });
        ids.sort(null);
        return ids;
    }
}
