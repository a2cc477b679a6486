package dev.opsbook.failover;

/** Why a controller whose criteria held did not propose a failover. */
public enum RefusalReason {
    /** A failover ended less than the policy's cooldown ago. */
    COOLDOWN("cooldown"),
    /** The controller already proposed {@code max_per_hour} failovers in the last hour. */
    HOURLY_CAP("hourly cap"),
    /** A proposal for this incident is still open (waiting for approval or running). */
    ALREADY_PROPOSED("already proposed"),
    /** Another opsbook replica holds the controller's leadership for this service. */
    NOT_LEADER("not leader");

    private final String label;

    RefusalReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
