package dev.opsbook.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One platform-neutral chat message; Slack renders it as Block Kit, Discord as an embed with
 * buttons. {@code text} is Markdown-ish: {@code *bold*}, {@code _italic_}, {@code `code`} and
 * line breaks, which both platforms show. {@code code} is an optional preformatted block (output
 * tails), {@code context} a small grey line at the bottom, {@code form} input the message asks for
 * (a button that opens it), {@code buttons} the buttons that are not approval votes (incident cards'
 * "Run diagnosis", "Open runbook", "Acknowledge").
 */
public record ChatMessage(
        String text,
        List<Field> fields,
        Optional<ChatStatus> status,
        List<ApprovalAction> actions,
        Optional<String> code,
        Optional<String> context,
        Optional<ChatForm> form,
        List<ChatButton> buttons) {

    /** A label/value pair shown side by side. */
    public record Field(String label, String value) {
        public Field {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a field needs a label");
            }
            value = value == null || value.isBlank() ? "—" : value;
        }
    }

    public ChatMessage {
        text = text == null ? "" : text;
        fields = List.copyOf(fields);
        actions = List.copyOf(actions);
        buttons = buttons == null ? List.of() : List.copyOf(buttons);
        status = status == null ? Optional.empty() : status;
        code = code == null ? Optional.empty() : code.filter(c -> !c.isEmpty());
        context = context == null ? Optional.empty() : context.filter(c -> !c.isBlank());
        form = form == null ? Optional.empty() : form;
        if (text.isBlank() && fields.isEmpty() && code.isEmpty()) {
            throw new IllegalArgumentException("a chat message needs text, fields or a code block");
        }
    }

    public static ChatMessage text(String text) {
        return builder(text).build();
    }

    public static Builder builder(String text) {
        return new Builder(text);
    }

    /** The message as it was written before forms and buttons existed (compatible constructor). */
    public ChatMessage(String text, List<Field> fields, Optional<ChatStatus> status, List<ApprovalAction> actions,
                       Optional<String> code, Optional<String> context) {
        this(text, fields, status, actions, code, context, Optional.empty(), List.of());
    }

    /** A copy with everything but the actions, the form and the buttons (an approval request once it is decided). */
    public ChatMessage withoutActions() {
        return new ChatMessage(text, fields, status, List.of(), code, context, Optional.empty(), List.of());
    }

    /** A copy without the form: the text alone, for when the form was opened another way. */
    public ChatMessage withoutForm() {
        return new ChatMessage(text, fields, status, actions, code, context, Optional.empty(), buttons);
    }

    /** The plain text of the message, for notifications and platforms' fallback text. */
    public String fallbackText() {
        String prefix = status.map(s -> s.emoji() + " ").orElse("");
        if (!text.isBlank()) {
            return prefix + text;
        }
        if (!fields.isEmpty()) {
            return prefix + fields.getFirst().label() + ": " + fields.getFirst().value();
        }
        String firstLine = code.orElse("").strip().lines().findFirst().orElse("");
        return prefix + context.map(c -> c + ": ").orElse("") + firstLine;
    }

    public static final class Builder {
        private final String text;
        private final List<Field> fields = new ArrayList<>();
        private final List<ApprovalAction> actions = new ArrayList<>();
        private final List<ChatButton> buttons = new ArrayList<>();
        private ChatStatus status;
        private String code;
        private String context;
        private ChatForm form;

        private Builder(String text) {
            this.text = text;
        }

        public Builder field(String label, String value) {
            fields.add(new Field(label, value));
            return this;
        }

        public Builder status(ChatStatus status) {
            this.status = status;
            return this;
        }

        public Builder action(ApprovalAction action) {
            actions.add(action);
            return this;
        }

        /** A button that is not an approval vote (see {@link ChatButton}). */
        public Builder button(ChatButton button) {
            buttons.add(button);
            return this;
        }

        public Builder code(String code) {
            this.code = code;
            return this;
        }

        public Builder context(String context) {
            this.context = context;
            return this;
        }

        /** Input the message asks for: rendered as a button that opens the form. */
        public Builder form(ChatForm form) {
            this.form = form;
            return this;
        }

        public ChatMessage build() {
            return new ChatMessage(text, fields, Optional.ofNullable(status), actions,
                    Optional.ofNullable(code), Optional.ofNullable(context), Optional.ofNullable(form), buttons);
        }
    }
}
