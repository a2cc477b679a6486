package dev.opsbook.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happens in a run, as far as a chat thread needs to know. The application turns execution
 * events into these and hands them to {@link RunThreadMirror#publish}. States are
 * {@link ChatStatus}es ({@link ChatStatus#fromName} maps engine state names).
 */
public sealed interface RunUpdate {

    /** A step as planned when the run starts. */
    record PlannedStep(String stepId, String kind, String section, int approvals) {}

    record RunStarted(String runbookId, String title, Optional<String> procedure, boolean dryRun,
                      List<PlannedStep> plan, String requestedBy) implements RunUpdate {
        public RunStarted {
            plan = List.copyOf(plan);
        }
    }

    record StepStarted(String stepId, int attempt) implements RunUpdate {}

    /** New output lines of a running step (stdout and stderr interleaved, already redacted). */
    record StepOutput(String stepId, List<String> lines) implements RunUpdate {
        public StepOutput {
            lines = List.copyOf(lines);
        }
    }

    /** {@code tail} is the last lines of output, shown with the result. */
    record StepFinished(String stepId, ChatStatus state, Duration duration, Optional<Integer> exitCode,
                        List<String> tail) implements RunUpdate {
        public StepFinished {
            tail = List.copyOf(tail);
        }
    }

    /** The step failed and runs again after {@code backoff}; {@code reason} says how it failed. */
    record StepRetrying(String stepId, int nextAttempt, Duration backoff, String reason) implements RunUpdate {}

    record StepSkipped(String stepId, String reason) implements RunUpdate {}

    /** {@code approves}: the runbook SHA-256 and parameter values the approvers approve (secrets as digests), or empty. */
    record ApprovalRequested(String stepId, int needed, List<String> approvers, Optional<Instant> expiresAt, String approves)
            implements RunUpdate {
        public ApprovalRequested {
            approvers = List.copyOf(approvers);
        }

        public ApprovalRequested(String stepId, int needed, List<String> approvers, Optional<Instant> expiresAt) {
            this(stepId, needed, approvers, expiresAt, "");
        }
    }

    /** Step {@code stepId} runs only after someone types {@code text} (its {@code confirm=}); the run waits until {@code until}. */
    record ConfirmationRequested(String stepId, String text, Instant until) implements RunUpdate {}

    /** Nobody decided in time; the request is closed. */
    record ApprovalExpired(String stepId) implements RunUpdate {}

    /** The request went to the next escalation level: {@code contacts} are now asked too. */
    record ApprovalEscalated(String stepId, List<String> contacts) implements RunUpdate {
        public ApprovalEscalated {
            contacts = List.copyOf(contacts);
        }
    }

    /** A vote that counted; {@code approvals} of {@code needed} so far. */
    record VoteRecorded(String stepId, String voter, Decision decision, int approvals, int needed)
            implements RunUpdate {}

    /** A vote that did not count, and why (not an approver, self-approval, too late, …). */
    record VoteRefused(String stepId, String voter, String reason) implements RunUpdate {}

    record RunFinished(ChatStatus state, Duration duration, Optional<String> summary) implements RunUpdate {}
}
