package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.slack.api.model.block.ActionsBlock;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.element.ButtonElement;
import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

class BlockKitTest {

    @Test
    void anApprovalRequestRendersSectionsFieldsButtonsAndContext() {
        ChatMessage message = ChatMessage.builder("Step `restore` needs 1 approval")
                .status(ChatStatus.AWAITING_APPROVAL)
                .field("Approvers", "bob")
                .code("pg_restore: done")
                .action(new ApprovalAction(Decision.APPROVE, "r-1", "restore"))
                .action(new ApprovalAction(Decision.REJECT, "r-1", "restore"))
                .context("run page: https://ops.example/runs/r-1")
                .build();

        List<LayoutBlock> blocks = BlockKit.render(message);

        assertThat(blocks).hasSize(5);
        assertThat(((SectionBlock) blocks.get(0)).getText().getText()).isEqualTo("✋ Step `restore` needs 1 approval");
        assertThat(((SectionBlock) blocks.get(1)).getFields()).singleElement()
                .satisfies(f -> assertThat(f.getText()).isEqualTo("*Approvers*\nbob"));
        assertThat(((SectionBlock) blocks.get(2)).getText().getText()).isEqualTo("```pg_restore: done```");
        List<ButtonElement> buttons = ((ActionsBlock) blocks.get(3)).getElements().stream().map(e -> (ButtonElement) e).toList();
        assertThat(buttons).extracting(ButtonElement::getActionId, ButtonElement::getValue, ButtonElement::getStyle)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("opsbook.approve", "r-1|restore", "primary"),
                        org.assertj.core.groups.Tuple.tuple("opsbook.reject", "r-1|restore", "danger"));
        assertThat(blocks.get(4)).isInstanceOf(ContextBlock.class);
        assertThat(BlockKit.fallback(message)).isEqualTo("✋ Step `restore` needs 1 approval");
    }

    @Test
    void longTextIsClippedToBlockKitLimitsKeepingTheEndOfOutput() {
        ChatMessage message = ChatMessage.builder("x".repeat(4000)).code("y".repeat(4000) + "END").build();

        List<LayoutBlock> blocks = BlockKit.render(message);

        assertThat(((SectionBlock) blocks.get(0)).getText().getText()).hasSize(3000).endsWith("…");
        assertThat(((SectionBlock) blocks.get(1)).getText().getText()).hasSize(3000).endsWith("END```");
    }

    @Test
    void retryAfterIsReadFromTheHeader() {
        assertThat(SlackChatGateway.retryAfter("7")).hasSeconds(7);
        assertThat(SlackChatGateway.retryAfter(null)).hasSeconds(30);
        assertThat(SlackChatGateway.retryAfter("0")).hasSeconds(1);
    }
}
