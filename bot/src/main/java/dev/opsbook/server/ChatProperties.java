package dev.opsbook.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Chat settings ({@code opsbook.chat.*}).
 *
 * @param users         opsbook id → platform → that platform's user id
 *                      ({@code opsbook.chat.users.alice.slack=U0123ABCD}); kept for compatibility, read into the
 *                      people directory by {@code serve} only — {@code people.yaml} is the documented place
 * @param groups        group → opsbook ids ({@code opsbook.chat.groups.dba=alice,bob}); the same
 * @param dedupeWindow  how long a delivery id is remembered to drop platform retries
 * @param runPageBase   URL prefix of run pages linked from threads, if the site is served
 * @param runbooks      the runbook directory {@code list} and {@code show} read
 * @param alertsChannels {@code platform:channel} entries where announcements go (misfires, integrity incidents,
 *                      drill results, failover proposals)
 */
@ConfigurationProperties("opsbook.chat")
public record ChatProperties(Map<String, Map<String, String>> users, Map<String, List<String>> groups,
                             Duration dedupeWindow, String runPageBase, Path runbooks, String alertsChannels) {
    public ChatProperties {
        users = users == null ? Map.of() : users;
        groups = groups == null ? Map.of() : groups;
        dedupeWindow = dedupeWindow == null ? Duration.ofMinutes(15) : dedupeWindow;
        runPageBase = runPageBase == null ? "" : runPageBase.strip();
        runbooks = runbooks == null ? Path.of("runbooks") : runbooks;
        alertsChannels = alertsChannels == null ? "" : alertsChannels.strip();
    }
}
