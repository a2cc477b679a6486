package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApprovalActionTest {

    @Test
    void aButtonValueRoundTrips() {
        ApprovalAction action = new ApprovalAction(Decision.REJECT, "r-42", "promote|replica");
        assertThat(ApprovalAction.parse(Decision.REJECT, action.value())).contains(action);
    }

    @Test
    void foreignValuesAreNotActions() {
        assertThat(ApprovalAction.parse(Decision.APPROVE, "hello")).isEmpty();
        assertThat(ApprovalAction.parse(Decision.APPROVE, "|step")).isEmpty();
        assertThat(ApprovalAction.parse(Decision.APPROVE, "run|")).isEmpty();
        assertThat(ApprovalAction.parse(Decision.APPROVE, null)).isEmpty();
        assertThatThrownBy(() -> new ApprovalAction(Decision.APPROVE, "r|1", "s"))
                .hasMessageContaining("without '|'");
    }
}
