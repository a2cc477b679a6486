package dev.opsbook.discord;

import dev.opsbook.chat.ChatForm;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.components.Component;
import net.dv8tion.jda.api.components.label.Label;
import net.dv8tion.jda.api.components.label.LabelChildComponent;
import net.dv8tion.jda.api.components.selections.StringSelectMenu;
import net.dv8tion.jda.api.components.textinput.TextInput;
import net.dv8tion.jda.api.components.textinput.TextInputStyle;
import net.dv8tion.jda.api.interactions.modals.ModalMapping;
import net.dv8tion.jda.api.modals.Modal;

/**
 * A neutral {@link ChatForm} as a Discord modal (custom id {@link #ID} + the form's purpose): choices
 * as a string select, everything else as a short text input. Discord shows at most five inputs in a
 * modal: a form with more shows the first five ({@link #fits}). Secret fields get no initial value.
 */
final class DiscordModals {
    static final String ID = "opsbook.form:";

    private DiscordModals() {}

    /** Whether every field of {@code form} fits into one Discord modal. */
    static boolean fits(ChatForm form) {
        return form.fields().size() <= Modal.MAX_COMPONENTS;
    }

    static Modal modal(ChatForm form) {
        List<Label> inputs = form.fields().stream().limit(Modal.MAX_COMPONENTS).map(DiscordModals::input).toList();
        return Modal.create(ID + form.purpose().value(), clip(form.title(), Modal.MAX_TITLE_LENGTH)).addComponents(inputs).build();
    }

    private static Label input(ChatForm.Field f) {
        LabelChildComponent child;
        if (f.kind() == ChatForm.Kind.CHOICE && !f.choices().isEmpty()) {
            StringSelectMenu.Builder select = StringSelectMenu.create(f.name()).setRequired(f.required());
            f.choices().stream().limit(25).forEach(c -> select.addOption(clip(c, 100), clip(c, 100)));
            f.initial().filter(f.choices()::contains).ifPresent(select::setDefaultValues);
            child = select.build();
        } else {
            TextInput.Builder text = TextInput.create(f.name(), TextInputStyle.SHORT).setRequired(f.required());
            f.initial().ifPresent(v -> text.setValue(clip(v, TextInput.MAX_VALUE_LENGTH)));
            Optional<String> placeholder = f.pattern().map(p -> "matches " + p).or(() -> Optional.of(f.hint()).filter(h -> !h.isBlank()));
            placeholder.ifPresent(p -> text.setPlaceholder(clip(p, TextInput.MAX_PLACEHOLDER_LENGTH)));
            child = text.build();
        }
        return f.hint().isBlank() ? Label.of(clip(f.label(), Label.LABEL_MAX_LENGTH), child)
                : Label.of(clip(f.label(), Label.LABEL_MAX_LENGTH), clip(f.hint(), Label.DESCRIPTION_MAX_LENGTH), child);
    }

    /** The submitted values by field name, blank ones left out. */
    static Map<String, String> values(List<ModalMapping> mappings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (ModalMapping m : mappings) {
            String value = m.getType() == Component.Type.STRING_SELECT
                    ? m.getAsStringList().stream().findFirst().orElse(null) : m.getAsString();
            if (value != null && !value.isBlank()) {
                values.put(m.getCustomId(), value);
            }
        }
        return values;
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
