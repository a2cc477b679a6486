package dev.opsbook.discord;

import dev.opsbook.chat.ChatMessage;
import net.dv8tion.jda.api.interactions.callbacks.IModalCallback;
import net.dv8tion.jda.api.interactions.callbacks.IReplyCallback;
import net.dv8tion.jda.api.modals.Modal;

/**
 * Answers Discord interactions: {@link #defer} must happen within Discord's 3-second window
 * ("opsbook is thinking…", visible to the caller only); {@link #send} delivers the answer later
 * through the interaction's hook.
 */
interface DiscordReplies {
    void defer(IReplyCallback interaction);

    void send(IReplyCallback interaction, ChatMessage reply);

    /** Answers an interaction with a modal; must be its first answer (no {@link #defer} before). */
    void openModal(IModalCallback interaction, Modal modal);

    /** Over JDA: ephemeral deferred replies, answered with an embed through the interaction hook. */
    DiscordReplies JDA = new DiscordReplies() {
        @Override
        public void defer(IReplyCallback interaction) {
            interaction.deferReply(true).queue();
        }

        @Override
        public void send(IReplyCallback interaction, ChatMessage reply) {
            interaction.getHook().sendMessage(DiscordMessages.create(reply)).setEphemeral(true).queue();
        }

        @Override
        public void openModal(IModalCallback interaction, Modal modal) {
            interaction.replyModal(modal).queue();
        }
    };
}
