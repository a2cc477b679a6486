package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.ConfiguredIdentityDirectory;
import dev.opsbook.chat.Identity;
import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackUserGroupsTest {
    private final FakeSlackApi api = FakeSlackApi.start();
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private final SlackUserGroups directory;

    SlackUserGroupsTest() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(api.apiUrl());
        directory = new SlackUserGroups(new ConfiguredIdentityDirectory(Map.of("slack:U3", "carol"), Map.of("leads", List.of("carol"))),
                Slack.getInstance(config).methods("xoxb-test"), clock, Duration.ofMinutes(10));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void slackUserGroupsAddToConfiguredGroupsAndAreCachedUntilTheyExpire() {
        assertThat(directory.identify(new ChatUser("slack", "U3", "carol")))
                .isEqualTo(new Identity("carol", Set.of("leads", "dba", "oncall")));
        assertThat(directory.identify(new ChatUser("slack", "U2", "bob"))).isEqualTo(new Identity("slack:U2", Set.of("dba")));
        assertThat(directory.identify(new ChatUser("discord", "U2", "bob")).groups()).isEmpty();
        assertThat(api.calls("usergroups.list")).hasSize(1);

        clock.advance(Duration.ofMinutes(11));
        directory.identify(new ChatUser("slack", "U9", "x"));
        assertThat(api.calls("usergroups.list")).hasSize(2);
        assertThat(api.calls("usergroups.list").getFirst().params()).containsEntry("include_users", "1");
    }

}
