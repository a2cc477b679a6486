package dev.opsbook.slack;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.DividerBlock;
import com.slack.api.model.block.HeaderBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.model.block.composition.PlainTextObject;
import com.slack.api.model.view.View;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.HomePage;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link HomePage} as Slack's App Home tab ({@code views.publish}, view type {@code home}): the
 * notice on top, then each section as a header with its items rendered like messages ({@link BlockKit}:
 * the approval buttons keep their action ids, so a click reaches the same handler as in a thread). Block ids
 * must be unique in a view, so each item's action blocks get the item's index appended. A view holds at most
 * 100 blocks; items that would not fit are left out and counted in a closing line.
 */
final class SlackHomeView {
    static final int MAX_BLOCKS = 100;

    private SlackHomeView() {}

    static View render(HomePage page) {
        List<LayoutBlock> blocks = new ArrayList<>();
        page.notice().ifPresent(n -> {
            blocks.addAll(BlockKit.render(n.withoutForm()));
            blocks.add(DividerBlock.builder().build());
        });
        int left = 0;
        int item = 0;
        for (HomePage.Section section : page.sections()) {
            blocks.add(HeaderBlock.builder().text(PlainTextObject.builder().text(section.heading()).emoji(true).build()).build());
            if (section.items().isEmpty()) {
                blocks.add(context(section.whenEmpty()));
            }
            for (ChatMessage message : section.items()) {
                List<LayoutBlock> rendered = BlockKit.render(message);
                if (blocks.size() + rendered.size() + 1 > MAX_BLOCKS - 1) {
                    left++;
                    continue;
                }
                item++;
                for (LayoutBlock b : rendered) {
                    if (b instanceof ActionsBlock actions) {
                        actions.setBlockId(actions.getBlockId() + "." + item);
                    }
                }
                blocks.addAll(rendered);
                blocks.add(DividerBlock.builder().build());
            }
        }
        if (left > 0) {
            blocks.add(context(left + " more item(s) did not fit on this page; `/runbook history` lists every run."));
        }
        return View.builder().type("home").blocks(blocks).build();
    }

    private static ContextBlock context(String text) {
        return ContextBlock.builder().elements(List.of(MarkdownTextObject.builder().text(text).build())).build();
    }
}
