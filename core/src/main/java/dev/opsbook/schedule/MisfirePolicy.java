package dev.opsbook.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * What happens to a fire time that passed while no opsbook process was up (a misfire): when it is at
 * most {@code grace} old it fires once, late; older, it is skipped and the schedule waits for its next
 * fire time. Several fire times missed in a row count as one misfire (the work runs at most once). Either
 * way the misfire is audited ({@code schedule.misfired}) and announced in the alert channels.
 */
public record MisfirePolicy(Duration grace) {
    public static final MisfirePolicy DEFAULT = new MisfirePolicy(Duration.ofMinutes(15));

    public MisfirePolicy {
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("the misfire grace period must be zero or positive, got " + grace);
        }
    }

    public enum Outcome {
        FIRED_LATE, SKIPPED;

        /** {@code fired_late} or {@code skipped}: the result of the {@code schedule.misfired} audit event. */
        public String result() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the fire due at {@code missed} still runs at {@code now}. */
    public Outcome decide(Instant missed, Instant now) {
        return Duration.between(missed, now).compareTo(grace) <= 0 ? Outcome.FIRED_LATE : Outcome.SKIPPED;
    }

    /** How the policy reads in chat, the audit log and the docs. */
    public String describe() {
        return "run once late if missed by at most " + dev.opsbook.runbook.Durations.format(grace) + ", else skip";
    }
}
