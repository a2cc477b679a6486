package dev.opsbook.failover;

/**
 * The controller's phases: {@code WATCHING} (armed: may propose), {@code PROPOSED} (a proposal is
 * open: waiting for approval or running), {@code RECOVERING} (the proposal ended: re-armed only once
 * the service is clearly healthy over the recovery window — the hysteresis). A new controller starts
 * in {@code RECOVERING}.
 */
public enum ControllerState {
    WATCHING, PROPOSED, RECOVERING;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
