package dev.opsbook.discord;

import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Decision;
import java.awt.Color;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.EmbedBuilder;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * Renders a neutral {@link ChatMessage} for Discord: one embed (status colour, text, inline
 * fields, the code block, the context line as footer) and an action row with Approve/Reject
 * buttons whose custom id is {@code opsbook.approve:runId|stepId} ({@link #buttonId}).
 */
final class DiscordMessages {
    static final String APPROVE = "opsbook.approve:";
    static final String REJECT = "opsbook.reject:";
    private static final Pattern SLACK_BOLD = Pattern.compile("(?<![*\\w])\\*(?!\\s)([^*\\n]+?)(?<!\\s)\\*(?![*\\w])");
    private static final Map<String, String> SHORTCODES = Map.of(":white_check_mark:", "✅", ":x:", "❌",
            ":heavy_check_mark:", "✔️");

    private DiscordMessages() {}

    static MessageEmbed embed(ChatMessage message) {
        EmbedBuilder embed = new EmbedBuilder();
        StringBuilder description = new StringBuilder();
        message.status().ifPresent(s -> description.append(s.emoji()).append(' '));
        description.append(markdown(message.text()));
        message.code().ifPresent(code -> description.append("\n```\n")
                .append(clipHead(code, 3500 - Math.min(description.length(), 500))).append("\n```"));
        embed.setDescription(clip(description.toString(), MessageEmbed.DESCRIPTION_MAX_LENGTH));
        message.fields().stream().limit(25).forEach(f -> embed.addField(clip(f.label(), MessageEmbed.TITLE_MAX_LENGTH),
                clip(markdown(f.value()), MessageEmbed.VALUE_MAX_LENGTH), true));
        message.context().ifPresent(c -> embed.setFooter(clip(c, MessageEmbed.TEXT_MAX_LENGTH)));
        message.status().map(DiscordMessages::colour).ifPresent(embed::setColor);
        return embed.build();
    }

    static MessageCreateData create(ChatMessage message) {
        MessageCreateBuilder builder = new MessageCreateBuilder().setEmbeds(embed(message));
        buttons(message).ifPresent(builder::setComponents);
        return builder.build();
    }

    static MessageEditData edit(ChatMessage message) {
        MessageEditBuilder builder = new MessageEditBuilder().setEmbeds(embed(message));
        builder.setComponents(buttons(message).map(List::of).orElse(List.of()));
        return builder.build();
    }

    static String buttonId(ApprovalAction action) {
        return (action.decision() == Decision.APPROVE ? APPROVE : REJECT) + action.value();
    }

    /** Reads a button's custom id back; empty for buttons that are not opsbook approvals. */
    static Optional<ApprovalAction> parseButton(String customId) {
        if (customId == null) {
            return Optional.empty();
        }
        if (customId.startsWith(APPROVE)) {
            return ApprovalAction.parse(Decision.APPROVE, customId.substring(APPROVE.length()));
        }
        if (customId.startsWith(REJECT)) {
            return ApprovalAction.parse(Decision.REJECT, customId.substring(REJECT.length()));
        }
        return Optional.empty();
    }

    /** Approve/Reject, and the button that opens the message's form ({@link DiscordModals#ID} + its purpose). */
    private static Optional<ActionRow> buttons(ChatMessage message) {
        if (message.actions().isEmpty() && message.form().isEmpty() && message.buttons().isEmpty()) {
            return Optional.empty();
        }
        List<Button> buttons = new java.util.ArrayList<>(message.actions().stream()
                .map(a -> a.decision() == Decision.APPROVE ? Button.success(buttonId(a), a.label()) : Button.danger(buttonId(a), a.label()))
                .toList());
        message.form().ifPresent(f -> buttons.add(Button.primary(DiscordModals.ID + f.purpose().value(), clip(f.buttonLabel(), 80))));
        message.buttons().forEach(b -> buttons.add(b.url().map(url -> Button.link(url, b.label()))
                .orElseGet(() -> Button.secondary(b.customId(), b.label()))));
        return Optional.of(ActionRow.of(buttons.stream().limit(5).toList()));
    }

    /** The neutral text uses Slack-style {@code *bold*}; Discord wants {@code **bold**} and real emoji. */
    static String markdown(String text) {
        String out = SLACK_BOLD.matcher(text).replaceAll("**$1**");
        for (Map.Entry<String, String> e : SHORTCODES.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    private static Color colour(ChatStatus status) {
        if (status == ChatStatus.SUCCEEDED) {
            return new Color(0x2EB67D);
        }
        if (status == ChatStatus.AWAITING_APPROVAL || status == ChatStatus.PENDING) {
            return new Color(0xECB22E);
        }
        return status.isBad() ? new Color(0xE01E5A) : new Color(0x36C5F0);
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    private static String clipHead(String text, int max) {
        return text.length() <= max ? text : "…" + text.substring(text.length() - max + 1);
    }
}
