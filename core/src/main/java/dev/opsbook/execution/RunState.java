package dev.opsbook.execution;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The life of a run. Allowed moves (anything else is refused by {@link Run#moveTo}):
 * <pre>
 * pending            → running, awaiting_approval, cancelled, failed, interrupted
 * awaiting_approval  → running, rejected, expired, cancelled, failed, interrupted
 * running            → awaiting_approval, succeeded, failed, timed_out, rolled_back, cancelled, interrupted
 * interrupted        → running (resume), cancelled
 * succeeded, failed, timed_out, cancelled, rolled_back, expired, rejected: final
 * </pre>
 */
public enum RunState {
    PENDING, AWAITING_APPROVAL, RUNNING, SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ROLLED_BACK,
    INTERRUPTED, EXPIRED, REJECTED;

    public Set<RunState> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, AWAITING_APPROVAL, CANCELLED, FAILED, INTERRUPTED);
            case AWAITING_APPROVAL -> EnumSet.of(RUNNING, REJECTED, EXPIRED, CANCELLED, FAILED, INTERRUPTED);
            case RUNNING -> EnumSet.of(AWAITING_APPROVAL, SUCCEEDED, FAILED, TIMED_OUT, ROLLED_BACK, CANCELLED,
                    INTERRUPTED);
            case INTERRUPTED -> EnumSet.of(RUNNING, CANCELLED);
            case SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, ROLLED_BACK, EXPIRED, REJECTED -> EnumSet.noneOf(RunState.class);
        };
    }

    public boolean canMoveTo(RunState target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** A run some live process is driving (or should be): pending, awaiting approval or running. */
    public boolean isActive() {
        return this == PENDING || this == AWAITING_APPROVAL || this == RUNNING;
    }

    /** The snake_case name used in the audit log, the database and the CLI. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunState fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
