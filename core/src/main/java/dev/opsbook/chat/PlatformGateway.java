package dev.opsbook.chat;

/** A chat adapter's gateway and the platform name its threads and messages carry. */
public record PlatformGateway(String platform, ChatGateway gateway) {
    public PlatformGateway {
        if (platform == null || platform.isBlank() || gateway == null) {
            throw new IllegalArgumentException("a platform gateway needs a platform name and a gateway");
        }
    }
}
