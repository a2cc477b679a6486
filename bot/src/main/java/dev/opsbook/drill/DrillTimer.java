package dev.opsbook.drill;

import dev.opsbook.execution.ExecutionEvent;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.StepState;
import dev.opsbook.runbook.StepKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Marks a drill's run: when its first restore step started, and when the last validation after it
 * passed. Listens on the run's thread; reads happen after the run returned.
 */
final class DrillTimer implements ExecutionListener {
    private final Clock clock;
    private volatile Instant restoreStarted;
    private volatile Instant lastValidation;

    DrillTimer(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void on(ExecutionEvent event) {
        switch (event) {
            case ExecutionEvent.StepStarted s when s.step().kind() == StepKind.RESTORE && restoreStarted == null ->
                    restoreStarted = clock.instant();
            case ExecutionEvent.StepFinished f when f.step().kind() == StepKind.VALIDATE && restoreStarted != null
                    && f.result().state() == StepState.SUCCEEDED -> lastValidation = clock.instant();
            default -> { }
        }
    }

    Optional<Instant> restoreStarted() {
        return Optional.ofNullable(restoreStarted);
    }

    Optional<Instant> lastValidation() {
        return Optional.ofNullable(lastValidation);
    }
}
