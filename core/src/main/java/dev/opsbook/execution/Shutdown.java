package dev.opsbook.execution;

/**
 * Whether the process driving runs is stopping (a server on SIGTERM). A step cut short by the stop is
 * recorded as {@link StepState#INTERRUPTED} and its run as {@link RunState#INTERRUPTED} — resumable,
 * audited as {@code run.interrupted} — instead of cancelled, which is what a person asked for.
 * {@link #begin()} before interrupting the run threads.
 */
public final class Shutdown {
    private volatile boolean begun;

    public void begin() {
        begun = true;
    }

    public boolean begun() {
        return begun;
    }
}
