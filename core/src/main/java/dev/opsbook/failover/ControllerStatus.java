package dev.opsbook.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one service's controller for {@code /runbook failover}: its phase, the evidence over
 * the promotion window, the latest samples (newest last), the open proposal, cooldown left and the
 * proposals counted against the hourly cap.
 */
public record ControllerStatus(String service, ControllerState state, Instant at, Evidence window, List<Sample> recent,
                               Optional<String> openIncident, Optional<Instant> proposedAt, Duration cooldownLeft,
                               int proposalsLastHour, int maxPerHour, boolean leader) {
    public ControllerStatus {
        recent = List.copyOf(recent);
    }
}
