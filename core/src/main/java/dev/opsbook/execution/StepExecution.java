package dev.opsbook.execution;

import java.time.Instant;
import java.util.Optional;

/** One step of a run as it executes. Mutable only through {@link #moveTo}, which refuses illegal moves. */
public final class StepExecution {
    private final String stepId;
    private StepState state;
    private int attempts;
    private Optional<Integer> exitCode;
    private Optional<Instant> startedAt;
    private Optional<Instant> finishedAt;
    private String message;
    private long version;
    private static final java.util.concurrent.atomic.AtomicLong OBJECTS = new java.util.concurrent.atomic.AtomicLong();
    private final long object = OBJECTS.incrementAndGet();

    public StepExecution(String stepId, StepState state, int attempts, Optional<Integer> exitCode,
                         Optional<Instant> startedAt, Optional<Instant> finishedAt, String message) {
        this.stepId = stepId;
        this.state = state;
        this.attempts = attempts;
        this.exitCode = exitCode;
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
        this.message = message;
    }

    public static StepExecution pending(String stepId) {
        return new StepExecution(stepId, StepState.PENDING, 0, Optional.empty(), Optional.empty(), Optional.empty(), "");
    }

    /**
     * Moves to {@code target} at {@code now}.
     *
     * @throws IllegalStateException naming the step, from and to, when the move is not allowed
     */
    public synchronized void moveTo(StepState target, Instant now) {
        if (!state.canMoveTo(target)) {
            throw new IllegalStateException("step " + stepId + ": cannot move from " + state.label() + " to "
                    + target.label());
        }
        if (target == StepState.RUNNING && startedAt.isEmpty()) {
            startedAt = Optional.of(now);
        }
        if (target == StepState.PENDING) {
            startedAt = Optional.empty();
            finishedAt = Optional.empty();
            exitCode = Optional.empty();
        } else if (target.isDone() || target == StepState.INTERRUPTED) {
            finishedAt = Optional.of(now);
        }
        state = target;
        version++;
    }

    /** What {@link #restore} puts back: the state before a move that did not happen after all (its record failed). */
    record Snapshot(StepState state, int attempts, Optional<Instant> startedAt, Optional<Instant> finishedAt) {}

    synchronized Snapshot snapshot() {
        return new Snapshot(state, attempts, startedAt, finishedAt);
    }

    synchronized void restore(Snapshot s) {
        state = s.state();
        attempts = s.attempts();
        startedAt = s.startedAt();
        finishedAt = s.finishedAt();
        version++;
    }

    synchronized void attempt(int number) {
        attempts = number;
        version++;
    }

    synchronized void result(Optional<Integer> code, String why) {
        exitCode = code;
        message = why;
        version++;
    }

    public String stepId() { return stepId; }
    /**
     * Unique to this object and its current contents: changes with every change (stores compare it instead of every
     * field). The object's number in the high 32 bits, its change count in the low ones.
     */
    public synchronized long version() { return (object << 32) | (version & 0xffffffffL); }
    public synchronized StepState state() { return state; }
    public synchronized int attempts() { return attempts; }
    public synchronized Optional<Integer> exitCode() { return exitCode; }
    public synchronized Optional<Instant> startedAt() { return startedAt; }
    public synchronized Optional<Instant> finishedAt() { return finishedAt; }
    public synchronized String message() { return message; }
}
