package dev.opsbook.execution;

import dev.opsbook.runbook.Step;

/**
 * Asks whoever drives a run to type a step's {@code confirm=} text before it runs (the database name,
 * say). The CLI prompts on the terminal or takes {@code --confirm}; chat adapters will ask in the thread.
 */
@FunctionalInterface
public interface Confirmation {
    /** Nobody can confirm: steps with {@code confirm=} do not run. */
    Confirmation NOBODY = (run, step, text) -> false;

    /** True when the runner typed exactly {@code text}. */
    boolean confirm(Run run, Step step, String text);
}
