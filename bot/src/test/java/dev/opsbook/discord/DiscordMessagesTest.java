package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Decision;
import net.dv8tion.jda.api.entities.MessageEmbed;
import org.junit.jupiter.api.Test;

class DiscordMessagesTest {

    @Test
    void anApprovalRequestBecomesAnEmbedWithDiscordMarkdownAndButtons() {
        ChatMessage message = ChatMessage.builder("Step `restore` needs *1 approval*; react with :white_check_mark: / :x:.")
                .status(ChatStatus.AWAITING_APPROVAL)
                .field("Approvers", "bob, carol")
                .action(new ApprovalAction(Decision.APPROVE, "r-1", "restore"))
                .action(new ApprovalAction(Decision.REJECT, "r-1", "restore"))
                .context("run page: https://opsbook.example/runs/r-1")
                .build();

        MessageEmbed embed = DiscordMessages.embed(message);

        assertThat(embed.getDescription()).isEqualTo("✋ Step `restore` needs **1 approval**; react with ✅ / ❌.");
        assertThat(embed.getFields()).extracting(MessageEmbed.Field::getName, MessageEmbed.Field::getValue)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Approvers", "bob, carol"));
        assertThat(embed.getFooter().getText()).contains("opsbook.example/runs/r-1");
        assertThat(DiscordMessages.create(message).getComponents()).hasSize(1);
        assertThat(DiscordMessages.create(ChatMessage.text("plain")).getComponents()).isEmpty();
    }

    @Test
    void buttonIdsRoundTripAndForeignButtonsAreIgnored() {
        ApprovalAction reject = new ApprovalAction(Decision.REJECT, "r-7", "promote-replica");
        assertThat(DiscordMessages.parseButton(DiscordMessages.buttonId(reject))).contains(reject);
        assertThat(DiscordMessages.parseButton("poll.vote:3")).isEmpty();
    }

    @Test
    void outputKeepsItsEndWhenClipped() {
        String output = "x".repeat(5000) + "\nERROR: disk full";
        MessageEmbed embed = DiscordMessages.embed(ChatMessage.builder("").code(output).build());
        assertThat(embed.getDescription()).endsWith("ERROR: disk full\n```").hasSizeLessThanOrEqualTo(MessageEmbed.DESCRIPTION_MAX_LENGTH);
    }
}
