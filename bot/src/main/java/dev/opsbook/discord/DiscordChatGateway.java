package dev.opsbook.discord;

import dev.opsbook.chat.ChatDeliveryException;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.MessageChannel;
import net.dv8tion.jda.api.entities.emoji.Emoji;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.utils.FileUpload;

/**
 * {@link ChatGateway} over JDA. A {@link ChatThread} whose thread id is a message id posts into
 * a Discord thread started from that message (created on first use, remembered afterwards), so
 * every run gets its own thread; {@link #direct} writes to a user's private channel. Calls block until Discord answered; JDA itself waits out
 * Discord's rate limits. Discord errors about missing channels or permissions are permanent.
 */
final class DiscordChatGateway implements ChatGateway {
    private final JDA jda;
    private final Map<String, String> threadsByParent = new ConcurrentHashMap<>();

    DiscordChatGateway(JDA jda) {
        this.jda = jda;
    }

    @Override
    public MessageRef post(ChatThread where, ChatMessage message) {
        MessageChannel channel = where.threadId().map(parent -> thread(where.channel(), parent))
                .orElseGet(() -> channel(where.channel()));
        var data = rendered(() -> DiscordMessages.create(message));
        Message sent = call("send message", () -> channel.sendMessage(data).complete());
        return new MessageRef(DiscordListener.PLATFORM, channel.getId(), sent.getId());
    }

    /**
     * A private channel with the user (JDA opens it, or finds the open one). Discord refuses it for users who do not
     * share a server with the bot or turned off direct messages from server members: a permanent failure.
     */
    @Override
    public MessageRef direct(String platform, String userId, ChatMessage message) {
        var data = rendered(() -> DiscordMessages.create(message));
        PrivateChannel dm = call("open a direct message", () -> jda.openPrivateChannelById(userId).complete());
        Message sent = call("send a direct message", () -> dm.sendMessage(data).complete());
        return new MessageRef(DiscordListener.PLATFORM, dm.getId(), sent.getId());
    }

    @Override
    public void update(MessageRef message, ChatMessage replacement) {
        MessageChannel channel = channel(message.channel());
        var data = rendered(() -> DiscordMessages.edit(replacement));
        call("edit message", () -> channel.editMessageById(message.messageId(), data).complete());
    }

    @Override
    public void upload(ChatThread where, String fileName, byte[] content, String comment) {
        MessageChannel channel = where.threadId().map(parent -> thread(where.channel(), parent))
                .orElseGet(() -> channel(where.channel()));
        call("upload file", () -> channel.sendFiles(List.of(FileUpload.fromData(content, fileName)))
                .setContent(DiscordMessages.markdown(comment)).complete());
    }

    @Override
    public void react(MessageRef message, String emoji) {
        call("add reaction", () -> channel(message.channel()).addReactionById(message.messageId(), Emoji.fromUnicode(unicode(emoji)))
                .complete());
    }

    @Override
    public void unreact(MessageRef message, String emoji) {
        call("remove reaction", () -> channel(message.channel()).removeReactionById(message.messageId(),
                Emoji.fromUnicode(unicode(emoji))).complete());
    }

    /** Slack's emoji names, which the neutral model uses, as Discord's unicode emoji. */
    private static String unicode(String emoji) {
        return switch (emoji) {
            case "white_check_mark" -> "✅";
            case "x" -> "❌";
            case "hourglass_flowing_sand" -> "⏳";
            case "no_entry_sign" -> "🚫";
            default -> emoji;
        };
    }

    private MessageChannel channel(String id) {
        MessageChannel channel = jda.getChannelById(MessageChannel.class, id);
        if (channel == null) {
            throw ChatDeliveryException.permanent("Discord channel " + id + " is unknown to the bot (not invited, or deleted)");
        }
        return channel;
    }

    /** The thread hanging off {@code parentMessageId}; channels without threads (DMs) get the message directly. */
    private MessageChannel thread(String channelId, String parentMessageId) {
        String known = threadsByParent.get(parentMessageId);
        if (known != null) {
            ThreadChannel thread = jda.getThreadChannelById(known);
            if (thread != null) {
                return thread;
            }
        }
        IThreadContainer container = jda.getChannelById(IThreadContainer.class, channelId);
        if (container == null) {
            return channel(channelId);
        }
        ThreadChannel thread = call("create thread", () -> container.createThreadChannel("opsbook run", parentMessageId).complete());
        threadsByParent.put(parentMessageId, thread.getId());
        return thread;
    }

    /** A message Discord cannot be given is a permanent failure, not an outage. */
    private static <T> T rendered(Supplier<T> render) {
        try {
            return render.get();
        } catch (RuntimeException e) {
            throw new ChatDeliveryException("cannot render a message for Discord: " + e, false, Optional.empty(), e);
        }
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (ErrorResponseException e) {
            boolean retry = e.isServerError();
            throw new ChatDeliveryException("Discord refused to " + what + ": " + e.getMeaning(), retry, Optional.empty(), e);
        } catch (RuntimeException e) {
            throw ChatDeliveryException.transientFailure("Discord call to " + what + " failed: " + e, e);
        }
    }
}
