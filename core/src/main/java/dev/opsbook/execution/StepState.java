package dev.opsbook.execution;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of one step in a run. Allowed moves (anything else is refused by {@link StepExecution#moveTo}):
 * <pre>
 * pending            → awaiting_approval, running, skipped, cancelled, failed, interrupted
 * awaiting_approval  → running, rejected, expired, cancelled, failed, interrupted
 * running            → succeeded, failed, timed_out, cancelled, interrupted
 * failed, timed_out  → rolled_back (its rollback step succeeded)
 * interrupted        → pending (resume)
 * succeeded, rolled_back, cancelled, skipped, expired, rejected: final
 * </pre>
 * Retries stay in {@code running}; the attempt count is kept on the execution. pending/awaiting_approval →
 * failed means the step could not start (audit log unavailable, not authorised).
 */
public enum StepState {
    PENDING, AWAITING_APPROVAL, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ROLLED_BACK,
    INTERRUPTED, EXPIRED, REJECTED, SKIPPED;

    public Set<StepState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(AWAITING_APPROVAL, RUNNING, SKIPPED, CANCELLED, FAILED, INTERRUPTED);
            case AWAITING_APPROVAL -> EnumSet.of(RUNNING, REJECTED, EXPIRED, CANCELLED, FAILED, INTERRUPTED);
            case RUNNING -> EnumSet.of(SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, INTERRUPTED);
            case FAILED, TIMED_OUT -> EnumSet.of(ROLLED_BACK);
            case INTERRUPTED -> EnumSet.of(PENDING);
            case SUCCEEDED, ROLLED_BACK, CANCELLED, SKIPPED, EXPIRED, REJECTED -> EnumSet.noneOf(StepState.class);
        };
    }

    public boolean canMoveTo(StepState target) {
        return next().contains(target);
    }

    /** Nothing more will happen to the step in this run (failed and timed out may still be rolled back). */
    public boolean isDone() {
        return this != PENDING && this != AWAITING_APPROVAL && this != RUNNING && this != INTERRUPTED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static StepState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
