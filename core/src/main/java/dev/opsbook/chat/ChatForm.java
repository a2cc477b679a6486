package dev.opsbook.chat;

import dev.opsbook.runbook.Parameter;
import dev.opsbook.runbook.Runbook;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chat asks for input: a form that a message's button opens (Slack renders a modal with
 * {@code views.open}, Discord a modal), with typed fields. {@link #parameters} asks for a run's
 * parameters, {@link #confirmation} for a step's {@code confirm=} text. Secret fields never carry an
 * initial value, and what is typed into them is passed only to the engine (never into chat or audit).
 */
public record ChatForm(FormPurpose purpose, String title, String intro, String buttonLabel, String submitLabel,
                       List<Field> fields) {

    public enum Kind { TEXT, SECRET, NUMBER, CHOICE }

    /** One input: {@code name} is the key the value comes back under. */
    public record Field(String name, String label, Kind kind, List<String> choices, Optional<String> initial,
                        Optional<String> pattern, boolean required, String hint) {
        public Field {
            if (name == null || name.isBlank() || label == null || label.isBlank() || kind == null) {
                throw new IllegalArgumentException("a form field needs a name, a label and a kind");
            }
            choices = List.copyOf(choices);
            initial = kind == Kind.SECRET || initial == null ? Optional.empty() : initial.filter(v -> !v.isBlank());
            pattern = pattern == null ? Optional.empty() : pattern;
            hint = hint == null ? "" : hint;
        }
    }

    public ChatForm {
        if (purpose == null || title == null || title.isBlank() || fields == null || fields.isEmpty()) {
            throw new IllegalArgumentException("a form needs a purpose, a title and at least one field");
        }
        fields = List.copyOf(fields);
        intro = intro == null ? "" : intro;
    }

    /** The runbook's parameters, with the values already typed ({@code given}, secrets excepted) filled in. */
    public static ChatForm parameters(Runbook rb, Optional<String> target, Map<String, String> given) {
        List<Field> fields = new ArrayList<>();
        for (Parameter p : rb.parameters()) {
            Kind kind = p.secret() ? Kind.SECRET : switch (p.type()) {
                case INT -> Kind.NUMBER;
                case BOOL, ENUM -> Kind.CHOICE;
                default -> Kind.TEXT;
            };
            List<String> choices = switch (p.type()) {
                case BOOL -> List.of("true", "false");
                case ENUM -> p.values();
                default -> List.of();
            };
            String hint = (p.description() == null ? "" : p.description())
                    + (p.type().name().equals("DURATION") ? (p.description() == null || p.description().isBlank() ? "" : " ")
                    + "(a duration, e.g. 10m)" : "")
                    + (p.secret() ? " (secret: passed to the run only, never shown in chat or the audit log)" : "");
            fields.add(new Field(p.name(), p.name(), kind, choices,
                    Optional.ofNullable(given.get(p.name())).or(() -> p.defaultValue()), p.pattern(),
                    p.required() && p.defaultValue().isEmpty(), hint.strip()));
        }
        return new ChatForm(new FormPurpose.StartRunForm(rb.id(), target), "Run " + rb.id(),
                "Parameters of " + rb.title(), "Enter parameters", "Run", fields);
    }

    /** The {@code confirm=} text of step {@code stepId}, typed again by whoever confirms. */
    public static ChatForm confirmation(String runId, String stepId, String text) {
        return new ChatForm(new FormPurpose.ConfirmStep(runId, stepId), "Confirm " + stepId,
                "Step `" + stepId + "` of run `" + runId + "` runs only after you type `" + text + "`.",
                "Confirm step " + stepId, "Confirm",
                List.of(new Field("confirmation", "Type " + text, Kind.TEXT, List.of(), Optional.empty(), Optional.empty(),
                        true, "exactly as shown")));
    }
}
