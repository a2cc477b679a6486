package dev.opsbook.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a replica keeps up with the others on its database ({@code opsbook.replica.*}).
 *
 * @param recoveryInterval how often runs left by a replica that died are marked interrupted (default 30s)
 * @param cancelPoll       how often cancels asked on another replica are picked up (default 500ms)
 */
@ConfigurationProperties("opsbook.replica")
public record ReplicaProperties(Duration recoveryInterval, Duration cancelPoll) {
    public ReplicaProperties {
        recoveryInterval = positive(recoveryInterval, Duration.ofSeconds(30), "recovery-interval");
        cancelPoll = positive(cancelPoll, Duration.ofMillis(500), "cancel-poll");
    }

    private static Duration positive(Duration d, Duration fallback, String name) {
        if (d == null) {
            return fallback;
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("opsbook.replica." + name + " must be positive, not " + d);
        }
        return d;
    }
}
