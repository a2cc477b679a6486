package dev.opsbook.failover;

/** How the run started for a proposal ended, as far as the controller cares. */
public enum Outcome {
    /** The failover procedure succeeded. */
    SUCCEEDED,
    /** It ran and failed (or was rolled back): traffic may have moved, so the cooldown applies. */
    FAILED,
    /** It never changed anything: rejected, approval expired, refused or cancelled before the switch. */
    ABANDONED
}
