package dev.opsbook.chat;

/**
 * Sends neutral messages to one chat platform. Calls are synchronous and may be slow (network).
 *
 * <p>Contract: a call either succeeds or throws. {@link ChatDeliveryException} says whether to
 * retry and when; any other runtime exception is treated as a transient outage. Implementations
 * do not sleep on the platform's rate-limit answers (Slack's HTTP 429): they throw a retryable
 * {@link ChatDeliveryException} carrying Retry-After, and the caller schedules the retry.
 */
public interface ChatGateway {

    /** Posts {@code message} in {@code where} (in its thread when it has one) and returns the new message. */
    MessageRef post(ChatThread where, ChatMessage message);

    /**
     * Sends {@code message} privately to user {@code userId} of {@code platform} (an escalation): on Slack in the
     * app's direct conversation with them, on Discord in a private channel. The default posts to a channel named
     * by the user id, which is how Slack's {@code chat.postMessage} reaches a user; gateways of platforms where
     * that is not so override it.
     */
    default MessageRef direct(String platform, String userId, ChatMessage message) {
        return post(ChatThread.channel(platform, userId), message);
    }

    /** Replaces the content of a message this gateway posted. */
    void update(MessageRef message, ChatMessage replacement);

    /** Uploads a text file into {@code where}, with {@code comment} as its message. */
    void upload(ChatThread where, String fileName, byte[] content, String comment);

    /** Adds an emoji reaction ({@code white_check_mark}, Slack naming) to a message. */
    void react(MessageRef message, String emoji);

    /** Removes this gateway's own reaction {@code emoji} from a message (absent already: no error). */
    void unreact(MessageRef message, String emoji);
}
