package dev.opsbook.discord;

import dev.opsbook.people.ObservedGroups;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.GenericInteractionCreateEvent;
import net.dv8tion.jda.api.events.message.react.MessageReactionAddEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * Discord roles as groups of the people directory: whenever a guild member uses opsbook (a slash command, a button,
 * a reaction) their roles are recorded for their Discord account, by name, lower-cased, spaces as {@code -}
 * ({@code SRE On Call} → {@code sre-on-call}). Registered before {@link DiscordListener}, so the command that
 * brought them sees them. Known per server process from the member's latest interaction.
 */
final class DiscordRoles extends ListenerAdapter {
    private final ObservedGroups roles;

    DiscordRoles(ObservedGroups roles) {
        this.roles = roles;
    }

    @Override
    public void onGenericInteractionCreate(GenericInteractionCreateEvent event) {
        record(event.getMember());
    }

    @Override
    public void onMessageReactionAdd(MessageReactionAddEvent event) {
        record(event.getMember());
    }

    private void record(Member member) {
        if (member != null) {
            roles.observe(member.getId(), groups(member.getRoles().stream().map(Role::getName).collect(Collectors.toSet())));
        }
    }

    static Set<String> groups(Set<String> roleNames) {
        return roleNames.stream().map(n -> n.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-")
                        .replaceAll("^-+|-+$", ""))
                .filter(n -> !n.isEmpty() && !n.equals("everyone")).collect(Collectors.toUnmodifiableSet());
    }
}
