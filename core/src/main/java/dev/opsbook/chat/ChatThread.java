package dev.opsbook.chat;

import java.util.Optional;

/**
 * Where a message goes: a channel, and optionally the thread inside it. On Slack {@code threadId}
 * is the parent message's {@code ts}; on Discord it is the id of the message the run's thread
 * hangs off. Without a thread id a message goes to the channel itself.
 */
public record ChatThread(String platform, String channel, Optional<String> threadId) {
    public ChatThread {
        if (platform == null || platform.isBlank() || channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("a chat thread needs a platform and a channel");
        }
        threadId = threadId == null ? Optional.empty() : threadId.filter(t -> !t.isBlank());
    }

    public static ChatThread channel(String platform, String channel) {
        return new ChatThread(platform, channel, Optional.empty());
    }

    /** The thread under {@code parent}, in parent's channel. */
    public static ChatThread under(MessageRef parent) {
        return new ChatThread(parent.platform(), parent.channel(), Optional.of(parent.messageId()));
    }

    /** The channel this thread lives in, without the thread. */
    public ChatThread channelOnly() {
        return channel(platform, channel);
    }
}
