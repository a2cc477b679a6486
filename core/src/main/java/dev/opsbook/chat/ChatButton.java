package dev.opsbook.chat;

import java.util.Optional;

/**
 * A button that is not an approval vote: {@code actionId} says what a click does (e.g. {@code opsbook.alert.ack}),
 * {@code value} what it applies to (an incident id). With a {@code url} it is a link button that opens the page;
 * platforms still report the click of a Slack link button, which adapters acknowledge and otherwise ignore.
 */
public record ChatButton(String actionId, String label, String value, Optional<String> url) {
    public ChatButton {
        if (actionId == null || !actionId.matches("[a-z][a-z0-9_.]{0,49}")) {
            throw new IllegalArgumentException("a button's action id is lowercase dotted words: " + actionId);
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("a button needs a label");
        }
        value = value == null ? "" : value;
        if (value.length() > 60 || value.indexOf(':') >= 0) {
            throw new IllegalArgumentException("a button's value is at most 60 characters without ':': " + value);
        }
        url = url == null ? Optional.empty() : url.filter(u -> !u.isBlank());
    }

    public static ChatButton action(String actionId, String label, String value) {
        return new ChatButton(actionId, label, value, Optional.empty());
    }

    public static ChatButton link(String actionId, String label, String url) {
        return new ChatButton(actionId, label, "", Optional.of(url));
    }

    /** {@code actionId:value}, how platforms with a single id per button (Discord's custom id) carry both. */
    public String customId() {
        return actionId + ":" + value;
    }
}
