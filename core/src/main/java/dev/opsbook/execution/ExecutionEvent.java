package dev.opsbook.execution;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.runbook.EscalationLevel;
import dev.opsbook.runbook.Step;

/** What happens during a run, as {@link ExecutionListener}s see it. Output lines are already redacted. */
public sealed interface ExecutionEvent {
    Run run();

    /** {@code runbook}: what the run executes (as parsed when it started or resumed). */
    record RunStarted(Run run, boolean resumed, dev.opsbook.runbook.Runbook runbook) implements ExecutionEvent {}

    record StepStarted(Run run, Step step, int attempt) implements ExecutionEvent {}

    record StepOutput(Run run, Step step, OutputLine line) implements ExecutionEvent {}

    record StepRetrying(Run run, Step step, int nextAttempt, java.time.Duration backoff, StepResult failed)
            implements ExecutionEvent {}

    record StepFinished(Run run, Step step, int attempt, StepResult result) implements ExecutionEvent {}

    record StepSkipped(Run run, Step step, String reason) implements ExecutionEvent {}

    record ApprovalRequested(Run run, Step step, ApprovalRequest request) implements ExecutionEvent {}

    record ApprovalEscalated(Run run, Step step, ApprovalRequest request, EscalationLevel level) implements ExecutionEvent {}

    record ApprovalExpired(Run run, Step step, ApprovalRequest request) implements ExecutionEvent {}

    record RunFinished(Run run) implements ExecutionEvent {}
}
