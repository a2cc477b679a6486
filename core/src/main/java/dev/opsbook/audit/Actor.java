package dev.opsbook.audit;

/** Who did something: the platform they acted from ({@code cli}, {@code slack}, {@code discord}, {@code web}, {@code system}), their id there and display name. */
public record Actor(String platform, String userId, String displayName) {
    public static final Actor SYSTEM = new Actor("system", "opsbook", "opsbook");
    /** {@code opsbook:scheduler}: starts the runs a runbook's own {@code schedules:} ask for (see docs/schedules.md). */
    public static final Actor SCHEDULER = new Actor("opsbook", "scheduler", "opsbook scheduler");
    /** {@code opsbook:alertmanager}: runs the read-only diagnosis a runbook's own {@code alerts:}/{@code on_alert:} ask for (docs/alerts.md). */
    public static final Actor ALERTMANAGER = new Actor("opsbook", "alertmanager", "opsbook alertmanager");

    public Actor {
        if (platform.isBlank() || userId.isBlank()) {
            throw new IllegalArgumentException("an actor needs a platform and a user id");
        }
    }
}
