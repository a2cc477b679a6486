package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 18, hole 6: control characters in step output and approved values reach chat as visible escapes. */
class VisibleInChatTest {
    @Test
    void anApprovalRequestShowsWhatItApprovesWithEscapesVisible() {
        ChatMessage m = RunMessages.approvalRequested("r-1", new RunUpdate.ApprovalRequested("restore", 1, List.of("bob"),
                Optional.empty(), "runbook sha256 ab with target=x\u001b[2Jy"));
        assertThat(m.fields()).contains(new ChatMessage.Field("Approves", "runbook sha256 ab with target=x\\e[2Jy"));
    }

    @Test
    void aStepTailShowsEscapesInsteadOfInterpretingThem() {
        MirroredRun run = new MirroredRun("r-1", ChatThread.channel("slack", "C1"));
        MirroredRun.StepLog log = new MirroredRun.StepLog();
        log.shownInFull = false;
        ChatMessage m = RunMessages.stepFinished(new RunUpdate.StepFinished("dump", ChatStatus.SUCCEEDED, Duration.ofSeconds(1),
                Optional.of(0), List.of("ansi \u001b[31mred\u001b[0m", "bell\u0007")), log, false, run, MirrorSettings.DEFAULTS);
        assertThat(m.code()).contains("ansi \\e[31mred\\e[0m\nbell\\x07");
        log.append("out \u001b[1mbold", 1000);
        assertThat(log.text.toString()).isEqualTo("out \\e[1mbold\n");
    }
}
