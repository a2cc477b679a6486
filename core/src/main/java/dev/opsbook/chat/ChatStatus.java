package dev.opsbook.chat;

import java.util.Locale;

/**
 * The state a message reports, rendered as a colour and an emoji per platform. Run and step
 * states of the engine map onto these by name ({@link #fromName}).
 */
public enum ChatStatus {
    INFO("ℹ️"),
    PENDING("⏳"),
    RUNNING("🔄"),
    AWAITING_APPROVAL("✋"),
    SUCCEEDED("✅"),
    FAILED("❌"),
    TIMED_OUT("⌛"),
    CANCELLED("🚫"),
    REJECTED("⛔"),
    EXPIRED("⌛"),
    ROLLED_BACK("↩️"),
    INTERRUPTED("⚠️"),
    SKIPPED("⏭️");

    private final String emoji;

    ChatStatus(String emoji) {
        this.emoji = emoji;
    }

    public String emoji() {
        return emoji;
    }

    /** Lower-case words: {@code awaiting approval}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public boolean isFinal() {
        return switch (this) {
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, REJECTED, EXPIRED, ROLLED_BACK -> true;
            default -> false;
        };
    }

    public boolean isBad() {
        return switch (this) {
            case FAILED, TIMED_OUT, CANCELLED, REJECTED, EXPIRED, ROLLED_BACK, INTERRUPTED -> true;
            default -> false;
        };
    }

    /** Maps an engine state name ({@code succeeded}, {@code TIMED_OUT}, {@code awaiting-approval}) onto a status. */
    public static ChatStatus fromName(String name) {
        String normal = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return valueOf(normal);
    }
}
