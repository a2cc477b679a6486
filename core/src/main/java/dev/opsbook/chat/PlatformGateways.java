package dev.opsbook.chat;

import java.util.Map;

/**
 * One {@link ChatGateway} over several platforms: each call goes to the gateway of the thread's
 * or message's platform. A platform without a gateway (adapter not configured) is a permanent
 * delivery failure, so the mirror gives up on it instead of retrying.
 */
public final class PlatformGateways implements ChatGateway {
    private final Map<String, ChatGateway> byPlatform;

    public PlatformGateways(Map<String, ChatGateway> byPlatform) {
        this.byPlatform = Map.copyOf(byPlatform);
    }

    @Override
    public MessageRef post(ChatThread where, ChatMessage message) {
        return gateway(where.platform()).post(where, message);
    }

    @Override
    public MessageRef direct(String platform, String userId, ChatMessage message) {
        return gateway(platform).direct(platform, userId, message);
    }

    @Override
    public void update(MessageRef message, ChatMessage replacement) {
        gateway(message.platform()).update(message, replacement);
    }

    @Override
    public void upload(ChatThread where, String fileName, byte[] content, String comment) {
        gateway(where.platform()).upload(where, fileName, content, comment);
    }

    @Override
    public void react(MessageRef message, String emoji) {
        gateway(message.platform()).react(message, emoji);
    }

    @Override
    public void unreact(MessageRef message, String emoji) {
        gateway(message.platform()).unreact(message, emoji);
    }

    private ChatGateway gateway(String platform) {
        ChatGateway gateway = byPlatform.get(platform);
        if (gateway == null) {
            throw ChatDeliveryException.permanent("no " + platform + " adapter is configured in this opsbook server");
        }
        return gateway;
    }
}
