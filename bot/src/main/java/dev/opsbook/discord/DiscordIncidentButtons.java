package dev.opsbook.discord;

import dev.opsbook.alert.IncidentButtons;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.SeenDeliveries;
import java.util.concurrent.Executor;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;

/**
 * The incident card's buttons on Discord (custom id {@code opsbook.alert.ACTION:INCIDENT}): deferred at once
 * (privately), handled by {@link IncidentButtons} on the chat executor. Link buttons never reach the bot.
 */
final class DiscordIncidentButtons extends ListenerAdapter {
    static final String PREFIX = "opsbook.alert.";

    private final IncidentButtons buttons;
    private final SeenDeliveries seen;
    private final Executor executor;
    private final DiscordReplies replies;

    DiscordIncidentButtons(IncidentButtons buttons, SeenDeliveries seen, Executor executor, DiscordReplies replies) {
        this.buttons = buttons;
        this.seen = seen;
        this.executor = executor;
        this.replies = replies;
    }

    @Override
    public void onButtonInteraction(ButtonInteractionEvent event) {
        String id = event.getComponentId();
        int colon = id == null ? -1 : id.indexOf(':');
        if (id == null || !id.startsWith(PREFIX) || colon < 0
                || !seen.firstSighting("discord:interaction:" + event.getId())) {
            return;
        }
        replies.defer(event);
        ChatUser user = new ChatUser(DiscordListener.PLATFORM, event.getUser().getId(), event.getUser().getName());
        String delivery = "discord:interaction:" + event.getId();
        executor.execute(() -> replies.send(event, buttons.press(id.substring(0, colon), id.substring(colon + 1), user, delivery)));
    }
}
