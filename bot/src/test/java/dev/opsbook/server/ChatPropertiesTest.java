package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.Identity;
import dev.opsbook.people.ConfiguredPeople;
import dev.opsbook.people.PeopleDirectory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ChatPropertiesTest {

    @Test
    void legacyUsersAndGroupsBindFromPropertiesIntoTheDirectory() {
        MapConfigurationPropertySource source = new MapConfigurationPropertySource(Map.of(
                "opsbook.chat.users.alice.slack", "U0123ABCD",
                "opsbook.chat.users.alice.discord", "381234567890123456",
                "opsbook.chat.users.bob.slack", "U0999",
                "opsbook.chat.groups.dba", "alice,bob",
                "opsbook.chat.dedupe-window", "30m"));

        ChatProperties settings = new Binder(source).bind("opsbook.chat", ChatProperties.class).get();
        // the legacy properties are one source of the people directory (serve only; docs/web.md)
        PeopleDirectory directory = new PeopleDirectory(List.of(new ConfiguredPeople(settings.users(), settings.groups(),
                Map.of())), List.of(), "people.yaml");

        assertThat(settings.dedupeWindow()).hasMinutes(30);
        assertThat(settings.groups()).containsEntry("dba", List.of("alice", "bob"));
        assertThat(directory.identify(new ChatUser("discord", "381234567890123456", "Alice")))
                .isEqualTo(new Identity("alice", Set.of("dba")));
        assertThat(directory.identify(new ChatUser("slack", "U0999", "bob")).id()).isEqualTo("bob");
        assertThat(directory.identify(new ChatUser("slack", "U0123ABCD", "x")).inGroup("@dba")).isTrue();
    }
}
