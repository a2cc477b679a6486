package dev.opsbook.failover;

import java.time.Instant;
import java.util.Optional;

/**
 * What the {@link FailoverController} decided, as a value the caller audits, announces and acts on.
 * {@code incident} ties the decisions about one outage together (empty once re-armed).
 */
public sealed interface Decision {
    String service();

    Instant at();

    /** The criteria held: the failover procedure should start (without waiting for approvals when {@code automatic}). */
    record Proposed(String service, String incident, Instant at, Evidence evidence, boolean automatic) implements Decision {}

    /** The criteria held but the controller will not propose, for {@code reason}; reported once per incident and reason. */
    record Refused(String service, String incident, Instant at, RefusalReason reason, String detail, Evidence evidence)
            implements Decision {}

    /** The proposal's failover step was approved by {@code by} (user ids, or "automatic policy"). */
    record Approved(String service, String incident, Instant at, String by) implements Decision {}

    /** The failover procedure ran: {@code succeeded} or not, with the run's final state in {@code result}. */
    record Executed(String service, String incident, Instant at, String runId, boolean succeeded, String result)
            implements Decision {}

    /** The proposal ended without a failover (rejected, approval expired, run refused or cancelled). */
    record Abandoned(String service, String incident, Instant at, Optional<String> runId, String result) implements Decision {}

    /**
     * The service was clearly healthy over the recovery window: the controller may propose (again).
     * {@code first} for the arming after the controller started.
     */
    record Rearmed(String service, Instant at, Evidence recovery, boolean first) implements Decision {}
}
