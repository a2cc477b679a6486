package dev.opsbook.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.usergroups.UsergroupsListResponse;
import com.slack.api.model.Usergroup;
import dev.opsbook.people.PlatformGroups;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack user groups of Slack accounts ({@code @dba} → group {@code dba}), merged by the people directory into
 * the groups of whoever has that Slack account, so runbooks can name Slack groups as runners and approvers. The
 * membership comes from {@code usergroups.list} (scope {@code usergroups:read}), refreshed every {@code ttl}; when
 * Slack cannot be asked, the last known membership (or none) is used and the failure logged.
 */
final class SlackUserGroups implements PlatformGroups {
    private static final Logger LOG = LoggerFactory.getLogger(SlackUserGroups.class);
    private static final Duration RETRY = Duration.ofMinutes(1);

    private final MethodsClient slack;
    private final Clock clock;
    private final Duration ttl;
    private Map<String, Set<String>> groupsByUser = Map.of();
    private Instant refreshAt = Instant.MIN;

    SlackUserGroups(MethodsClient slack, Clock clock, Duration ttl) {
        this.slack = slack;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public String platform() {
        return SlackChatGateway.PLATFORM;
    }

    @Override
    public Set<String> groupsOf(String account) {
        return membership().getOrDefault(account, Set.of());
    }

    private synchronized Map<String, Set<String>> membership() {
        Instant now = clock.instant();
        if (now.isBefore(refreshAt)) {
            return groupsByUser;
        }
        try {
            UsergroupsListResponse response = slack.usergroupsList(r -> r.includeUsers(true));
            if (!response.isOk()) {
                throw new IllegalStateException("usergroups.list answered `" + response.getError() + "`"
                        + ("missing_scope".equals(response.getError()) ? " (add the usergroups:read scope)" : ""));
            }
            Map<String, Set<String>> fresh = new HashMap<>();
            for (Usergroup group : response.getUsergroups()) {
                if (group.getUsers() != null && group.getHandle() != null) {
                    group.getUsers().forEach(u -> fresh.computeIfAbsent(u, k -> new HashSet<>()).add(group.getHandle()));
                }
            }
            groupsByUser = fresh;
            refreshAt = now.plus(ttl);
        } catch (Exception e) {
            LOG.warn("Slack user groups unavailable, using the last known membership: {}", e.toString());
            refreshAt = now.plus(RETRY);
        }
        return groupsByUser;
    }
}
