package dev.opsbook.chat;

import dev.opsbook.audit.Actor;

/**
 * Someone talking to opsbook in chat: the platform ({@code slack}, {@code discord}), their user id
 * there (Slack {@code U…}, a Discord snowflake) and the name to show. The id is what counts for
 * identity; the display name is only for messages.
 */
public record ChatUser(String platform, String userId, String displayName) {
    public ChatUser {
        if (platform == null || platform.isBlank() || userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a chat user needs a platform and a user id");
        }
        displayName = displayName == null || displayName.isBlank() ? userId : displayName;
    }

    /** The audit actor for this user: platform and platform user id. */
    public Actor actor() {
        return new Actor(platform, userId, displayName);
    }

    /** {@code platform:userId}, the key identity configuration uses. */
    public String key() {
        return platform + ":" + userId;
    }
}
