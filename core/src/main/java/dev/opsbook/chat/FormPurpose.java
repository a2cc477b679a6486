package dev.opsbook.chat;

import java.util.Optional;

/**
 * What a chat form is for, carried by the button that opens it and by the submitted form (a Slack
 * modal's metadata, a Discord modal's custom id) as {@link #value()}, which {@link #parse} reads back.
 * Values stay short (Discord allows 100 characters in a custom id).
 */
public sealed interface FormPurpose {
    char SEPARATOR = '|';

    String value();

    /** The parameters of a run of {@code runbookId} ({@code target}: procedure or step, as typed). */
    record StartRunForm(String runbookId, Optional<String> target) implements FormPurpose {
        public StartRunForm {
            require(runbookId);
            target = target == null ? Optional.empty() : target.filter(t -> !t.isBlank());
            target.ifPresent(FormPurpose::require);
        }

        @Override
        public String value() {
            return "run" + SEPARATOR + runbookId + SEPARATOR + target.orElse("");
        }
    }

    /** The {@code confirm=} text of step {@code stepId} of run {@code runId}. */
    record ConfirmStep(String runId, String stepId) implements FormPurpose {
        public ConfirmStep {
            require(runId);
            require(stepId);
        }

        @Override
        public String value() {
            return "confirm" + SEPARATOR + runId + SEPARATOR + stepId;
        }
    }

    /** Reads {@link #value()} back; empty for anything else. */
    static Optional<FormPurpose> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split("\\|", -1);
        if (parts.length != 3 || parts[1].isBlank()) {
            return Optional.empty();
        }
        return switch (parts[0]) {
            case "run" -> Optional.of(new StartRunForm(parts[1], Optional.of(parts[2])));
            case "confirm" -> parts[2].isBlank() ? Optional.empty() : Optional.of(new ConfirmStep(parts[1], parts[2]));
            default -> Optional.empty();
        };
    }

    private static void require(String part) {
        if (part == null || part.isBlank() || part.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("a form purpose needs non-blank parts without '|': " + part);
        }
    }
}
