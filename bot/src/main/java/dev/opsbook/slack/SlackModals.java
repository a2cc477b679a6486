package dev.opsbook.slack;

import com.slack.api.model.block.InputBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.OptionObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.block.element.BlockElement;
import com.slack.api.model.block.element.NumberInputElement;
import com.slack.api.model.block.element.PlainTextInputElement;
import com.slack.api.model.block.element.StaticSelectElement;
import com.slack.api.model.view.View;
import com.slack.api.model.view.ViewClose;
import com.slack.api.model.view.ViewState;
import com.slack.api.model.view.ViewSubmit;
import com.slack.api.model.view.ViewTitle;
import dev.opsbook.chat.ChatForm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a neutral {@link ChatForm} as a Slack modal (callback id {@link #CALLBACK}; the form's purpose
 * and the channel to answer in travel in {@code private_metadata} as {@code channel purpose}) and reads
 * a {@code view_submission}'s values back by field name. Choices become a static select, numbers a
 * number input, the rest plain text inputs; secret fields never get an initial value (Slack has no
 * masked input: the typer sees what they type, nobody else does).
 */
final class SlackModals {
    static final String CALLBACK = "opsbook.form";

    private SlackModals() {}

    static View view(ChatForm form, String channel) {
        List<LayoutBlock> blocks = new ArrayList<>();
        if (!form.intro().isBlank()) {
            blocks.add(SectionBlock.builder().text(MarkdownTextObject.builder().text(clip(form.intro(), 3000)).build()).build());
        }
        for (ChatForm.Field f : form.fields()) {
            InputBlock.InputBlockBuilder input = InputBlock.builder().blockId(f.name()).label(plain(clip(f.label(), 2000)))
                    .optional(!f.required()).element(element(f));
            if (!f.hint().isBlank()) {
                input.hint(plain(clip(f.hint(), 2000)));
            }
            blocks.add(input.build());
        }
        return View.builder().type("modal").callbackId(CALLBACK)
                .privateMetadata(channel + " " + form.purpose().value())
                .title(ViewTitle.builder().type("plain_text").text(clip(form.title(), 24)).build())
                .submit(ViewSubmit.builder().type("plain_text").text(clip(form.submitLabel(), 24)).build())
                .close(ViewClose.builder().type("plain_text").text("Cancel").build())
                .blocks(blocks).build();
    }

    private static BlockElement element(ChatForm.Field f) {
        return switch (f.kind()) {
            case CHOICE -> {
                List<OptionObject> options = f.choices().stream().limit(100)
                        .map(c -> OptionObject.builder().text(plain(clip(c, 75))).value(clip(c, 150)).build()).toList();
                StaticSelectElement.StaticSelectElementBuilder select = StaticSelectElement.builder().actionId(f.name()).options(options);
                f.initial().flatMap(i -> options.stream().filter(o -> o.getValue().equals(i)).findFirst()).ifPresent(select::initialOption);
                yield select.build();
            }
            case NUMBER -> NumberInputElement.builder().actionId(f.name()).decimalAllowed(false)
                    .initialValue(f.initial().orElse(null)).build();
            case TEXT, SECRET -> PlainTextInputElement.builder().actionId(f.name()).initialValue(f.initial().orElse(null))
                    .placeholder(f.pattern().map(p -> plain(clip("matches " + p, 150))).orElse(null)).build();
        };
    }

    /** The submitted values by field name (block id), blank ones left out. */
    static Map<String, String> values(ViewState state) {
        Map<String, String> values = new LinkedHashMap<>();
        if (state == null || state.getValues() == null) {
            return values;
        }
        state.getValues().forEach((block, actions) -> actions.values().forEach(v -> {
            String value = v.getSelectedOption() != null ? v.getSelectedOption().getValue() : v.getValue();
            if (value != null && !value.isBlank()) {
                values.put(block, value);
            }
        }));
        return values;
    }

    private static PlainTextObject plain(String text) {
        return PlainTextObject.builder().text(text).build();
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
