package dev.opsbook.chat;

/**
 * A message a {@link ChatGateway} has posted, so it can be updated or reacted to later: Slack's
 * channel id and {@code ts}, or Discord's channel (or thread) id and message id.
 */
public record MessageRef(String platform, String channel, String messageId) {
    public MessageRef {
        if (platform == null || platform.isBlank() || channel == null || channel.isBlank()
                || messageId == null || messageId.isBlank()) {
            throw new IllegalArgumentException("a message reference needs a platform, a channel and a message id");
        }
    }
}
