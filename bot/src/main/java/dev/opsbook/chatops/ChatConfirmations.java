package dev.opsbook.chatops;

import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunUpdate;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.Run;
import dev.opsbook.jdbc.JdbcStepConfirmations;
import dev.opsbook.runbook.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Confirmation of {@code confirm=} steps for runs started from chat: asks in the run's thread (a
 * message whose button opens a form for the text) and waits on the run's thread until someone
 * allowed to confirmed with the right text ({@link EngineRunbookOperations#submit}), on any replica,
 * or {@code wait} passed or the run was cancelled — then the step is not confirmed and the engine
 * cancels it.
 */
final class ChatConfirmations implements Confirmation {
    private final JdbcStepConfirmations store;
    private final RunThreadMirror mirror;
    private final Clock clock;
    private final Duration wait;
    private final Duration poll;

    ChatConfirmations(JdbcStepConfirmations store, RunThreadMirror mirror, Clock clock, Duration wait, Duration poll) {
        this.store = store;
        this.mirror = mirror;
        this.clock = clock;
        this.wait = wait;
        this.poll = poll;
    }

    @Override
    public boolean confirm(Run run, Step step, String text) {
        String runId = run.id().value();
        Instant until = clock.instant().plus(wait);
        mirror.publish(runId, new RunUpdate.ConfirmationRequested(step.id(), text, until));
        while (clock.instant().isBefore(until)) {
            if (store.confirmed(runId, step.id())) {
                return true;
            }
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) { // cancelled while waiting
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return store.confirmed(runId, step.id());
    }
}
