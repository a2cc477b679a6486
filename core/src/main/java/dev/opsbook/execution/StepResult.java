package dev.opsbook.execution;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How one attempt ended: succeeded, failed (non-zero exit), timed out or cancelled; {@code tail} is the redacted last output. */
public record StepResult(StepState state, Optional<Integer> exitCode, Duration duration, List<String> tail, String message) {
    public StepResult {
        tail = List.copyOf(tail);
    }

    public boolean succeeded() {
        return state == StepState.SUCCEEDED;
    }
}
