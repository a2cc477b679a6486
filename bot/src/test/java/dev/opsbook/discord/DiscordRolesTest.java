package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbook.chat.ChatUser;
import dev.opsbook.people.ConfiguredPeople;
import dev.opsbook.people.ObservedGroups;
import dev.opsbook.people.PeopleDirectory;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import org.junit.jupiter.api.Test;

class DiscordRolesTest {
    @Test
    void roleNamesBecomeGroupNamesLowerCasedWithDashesAndEveryoneIsNoGroup() {
        assertThat(DiscordRoles.groups(Set.of("SRE", "DBA On Call", "@everyone", " storefront-leads ", "☕")))
                .containsExactlyInAnyOrder("sre", "dba-on-call", "storefront-leads");
    }

    @Test
    void aMembersRolesOnAnInteractionCountForTheirOpsbookIdInTheDirectory() {
        ObservedGroups roles = new ObservedGroups("discord");
        PeopleDirectory people = new PeopleDirectory(List.of(new ConfiguredPeople(Map.of("alice", Map.of("discord", "42")),
                Map.of(), Map.of())), List.of(roles), "people.yaml");
        assertThat(people.groupsOf("alice")).isEmpty();

        Role sre = mock(Role.class);
        when(sre.getName()).thenReturn("SRE");
        Member member = mock(Member.class);
        when(member.getId()).thenReturn("42");
        when(member.getRoles()).thenReturn(List.of(sre));
        SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
        when(event.getMember()).thenReturn(member);
        new DiscordRoles(roles).onGenericInteractionCreate(event);

        assertThat(people.groupsOf("alice")).containsExactly("sre");
        assertThat(people.identify(new ChatUser("discord", "42", "al")).groups()).containsExactly("sre");
        assertThat(people.matches("alice", "@sre")).isTrue();
    }
}
