package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChatMessageTest {

    @Test
    void everyKindOfMessageHasAFallbackText() {
        assertThat(ChatMessage.builder("Run `r-1` failed").status(ChatStatus.FAILED).build().fallbackText())
                .isEqualTo("❌ Run `r-1` failed");
        assertThat(ChatMessage.builder("").field("Service", "orders-db").build().fallbackText())
                .isEqualTo("Service: orders-db");
        assertThat(ChatMessage.builder("").code("\ncopying table 1\ncopying table 2").context("`dump` output").build()
                .fallbackText()).isEqualTo("`dump` output: copying table 1");
    }

    @Test
    void anEmptyMessageIsRefusedAndDecidedApprovalsLoseTheirButtons() {
        assertThatThrownBy(() -> ChatMessage.builder(" ").build()).hasMessageContaining("needs text, fields or a code block");
        ChatMessage request = ChatMessage.builder("approve?")
                .action(new ApprovalAction(Decision.APPROVE, "r-1", "s")).build();
        assertThat(request.withoutActions().actions()).isEmpty();
    }
}
