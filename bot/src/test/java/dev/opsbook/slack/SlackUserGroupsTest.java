package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.people.ConfiguredPeople;
import dev.opsbook.people.PeopleDirectory;
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
    private final PeopleDirectory directory;

    SlackUserGroupsTest() {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(api.apiUrl());
        directory = new PeopleDirectory(List.of(new ConfiguredPeople(Map.of("carol", Map.of("slack", "U3")),
                Map.of("leads", List.of("carol")), Map.of())), List.of(new SlackUserGroups(
                Slack.getInstance(config).methods("xoxb-test"), clock, Duration.ofMinutes(10))), "people.yaml");
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
        // approver and runner checks ask by opsbook id: carol's Slack groups count there too, whoever asks
        assertThat(directory.groupsOf("carol")).containsExactlyInAnyOrder("leads", "dba", "oncall");

        clock.advance(Duration.ofMinutes(11));
        directory.identify(new ChatUser("slack", "U9", "x"));
        assertThat(api.calls("usergroups.list")).hasSize(2);
        assertThat(api.calls("usergroups.list").getFirst().params()).containsEntry("include_users", "1");
    }

}
