package dev.opsbook.execution;

import dev.opsbook.audit.Actor;

/**
 * An approval given before the run started, so its approval steps do not wait for votes: the
 * runbook's {@code failover.automatic: true} policy, or the human approval of the first stage of a
 * staged failover carried to the later stages. Only {@link #CONTROLLER} may start a run with one
 * (the executor refuses anyone else), and every step it lets through is audited as
 * {@code failover.approved} with {@code grantedBy} and {@code reason}. A resumed run never has one.
 */
public record StandingApproval(String grantedBy, String reason) {
    /** The failover controller as an actor: platform {@code system}, which no chat, CLI or web user can act as. */
    public static final Actor CONTROLLER = new Actor("system", "failover-controller", "failover controller");

    public StandingApproval {
        if (grantedBy.isBlank() || reason.isBlank()) {
            throw new IllegalArgumentException("a standing approval names who granted it and why");
        }
    }
}
