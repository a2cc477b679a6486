package dev.opsbook.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.ButtonElement;
import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ChatButton;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.Decision;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a neutral {@link ChatMessage} as Block Kit: a section with the status emoji and text,
 * a section of fields, a preformatted section for the code block, Approve/Reject buttons (action
 * ids {@link #APPROVE} and {@link #REJECT}, value {@code runId|stepId}), a button that opens the
 * message's form ({@link SlackForms#OPEN}, value the form's purpose) and a context line.
 * Texts are clipped to Block Kit's limits (3000 characters a section, 10 fields).
 */
final class BlockKit {
    static final String APPROVE = "opsbook.approve";
    static final String REJECT = "opsbook.reject";
    private static final int SECTION_LIMIT = 3000;
    private static final int FIELD_LIMIT = 2000;

    private BlockKit() {}

    static List<LayoutBlock> render(ChatMessage message) {
        List<LayoutBlock> blocks = new ArrayList<>();
        String text = message.status().map(s -> s.emoji() + " ").orElse("") + message.text();
        if (!message.text().isBlank()) {
            blocks.add(SectionBlock.builder().text(markdown(clip(text, SECTION_LIMIT))).build());
        }
        if (!message.fields().isEmpty()) {
            List<TextObject> fields = message.fields().stream().limit(10)
                    .map(f -> (TextObject) markdown(clip("*" + f.label() + "*\n" + f.value(), FIELD_LIMIT)))
                    .toList();
            blocks.add(SectionBlock.builder().fields(fields).build());
        }
        message.code().ifPresent(code -> blocks.add(SectionBlock.builder()
                .text(markdown("```" + clipHead(code, SECTION_LIMIT - 6) + "```")).build()));
        if (!message.actions().isEmpty()) {
            List<BlockElement> buttons = message.actions().stream().map(a -> (BlockElement) button(a)).toList();
            blocks.add(ActionsBlock.builder().blockId("opsbook.approval").elements(buttons).build());
        }
        message.form().ifPresent(form -> blocks.add(ActionsBlock.builder().blockId("opsbook.form").elements(List.of(
                ButtonElement.builder().actionId(SlackForms.OPEN).value(form.purpose().value())
                        .text(PlainTextObject.builder().text(clip(form.buttonLabel(), 75)).emoji(true).build()).build())).build()));
        if (!message.buttons().isEmpty()) {
            blocks.add(ActionsBlock.builder().blockId("opsbook.card").elements(message.buttons().stream()
                    .map(b -> (BlockElement) button(b)).toList()).build());
        }
        message.context().ifPresent(c -> blocks.add(ContextBlock.builder()
                .elements(List.of(markdown(clip(c, SECTION_LIMIT)))).build()));
        return blocks;
    }

    /** The notification text Slack shows where blocks cannot be (push notifications, search). */
    static String fallback(ChatMessage message) {
        return clip(message.fallbackText(), SECTION_LIMIT);
    }

    private static ButtonElement button(ApprovalAction action) {
        boolean approve = action.decision() == Decision.APPROVE;
        return ButtonElement.builder()
                .actionId(approve ? APPROVE : REJECT)
                .text(PlainTextObject.builder().text(action.label()).emoji(true).build())
                .value(action.value())
                .style(approve ? "primary" : "danger")
                .build();
    }

    /** A card button: a link button when it has a URL, else one that reports its action id and value. */
    private static ButtonElement button(ChatButton b) {
        ButtonElement.ButtonElementBuilder button = ButtonElement.builder().actionId(b.actionId())
                .text(PlainTextObject.builder().text(b.label()).emoji(true).build());
        b.url().ifPresentOrElse(button::url, () -> button.value(b.value()));
        return button.build();
    }

    private static MarkdownTextObject markdown(String text) {
        return MarkdownTextObject.builder().text(text).build();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Output keeps its end, where errors are. */
    private static String clipHead(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
    }
}
