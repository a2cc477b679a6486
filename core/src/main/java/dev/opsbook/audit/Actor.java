package dev.opsbook.audit;

/** Who did something: the platform they acted from ({@code cli}, {@code slack}, {@code discord}, {@code web}, {@code system}), their id there and display name. */
public record Actor(String platform, String userId, String displayName) {
    public static final Actor SYSTEM = new Actor("system", "opsbook", "opsbook");

    public Actor {
        if (platform.isBlank() || userId.isBlank()) {
            throw new IllegalArgumentException("an actor needs a platform and a user id");
        }
    }
}
