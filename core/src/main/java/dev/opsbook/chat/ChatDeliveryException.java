package dev.opsbook.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * A chat platform refused or failed a call. {@code retryable} is false for answers that will not
 * change on retry (unknown channel, missing scope, message too long); {@code retryAfter} is the
 * platform's own hint (Slack's Retry-After) when it gave one.
 */
public final class ChatDeliveryException extends RuntimeException {
    private final boolean retryable;
    private final Optional<Duration> retryAfter;

    public ChatDeliveryException(String message, boolean retryable, Optional<Duration> retryAfter, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ChatDeliveryException permanent(String message) {
        return new ChatDeliveryException(message, false, Optional.empty(), null);
    }

    public static ChatDeliveryException transientFailure(String message, Throwable cause) {
        return new ChatDeliveryException(message, true, Optional.empty(), cause);
    }

    public static ChatDeliveryException rateLimited(String message, Duration retryAfter) {
        return new ChatDeliveryException(message, true, Optional.of(retryAfter), null);
    }

    public boolean retryable() {
        return retryable;
    }

    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
