package dev.opsbook.chat;

import java.util.Optional;

/**
 * A button on an approval request: approve or reject step {@code stepId} of run {@code runId}.
 * Platforms carry it as the button's value ({@link #value()}), which {@link #parse} reads back.
 */
public record ApprovalAction(Decision decision, String runId, String stepId) {
    private static final char SEPARATOR = '|';

    public ApprovalAction {
        if (decision == null) {
            throw new IllegalArgumentException("an approval action needs a decision");
        }
        if (runId == null || runId.isBlank() || runId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("an approval action needs a run id without '|': " + runId);
        }
        if (stepId == null || stepId.isBlank()) {
            throw new IllegalArgumentException("an approval action needs a step id");
        }
    }

    public String label() {
        return decision == Decision.APPROVE ? "Approve" : "Reject";
    }

    /** {@code runId|stepId}: the payload a button carries (the decision is the button's action id). */
    public String value() {
        return runId + SEPARATOR + stepId;
    }

    /** Reads a button value back; empty when it is not {@code runId|stepId}. */
    public static Optional<ApprovalAction> parse(Decision decision, String value) {
        if (value == null) {
            return Optional.empty();
        }
        int cut = value.indexOf(SEPARATOR);
        if (cut <= 0 || cut == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new ApprovalAction(decision, value.substring(0, cut), value.substring(cut + 1)));
    }
}
