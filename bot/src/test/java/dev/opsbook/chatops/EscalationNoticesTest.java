package dev.opsbook.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.people.Member;
import dev.opsbook.runbook.Person;
import dev.opsbook.testing.RecordingChatGateway;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Escalations reach the person by direct message (Slack and Discord) and mention them, or each member of the group, in the run's thread. */
class EscalationNoticesTest {
    private final RecordingChatGateway chat = new RecordingChatGateway();
    private final ChatContacts contacts = new ChatContacts(() -> List.of(
            new Member("alice", Map.of("slack", "U1"), Set.of(), "test"),
            new Member("bob", Map.of("slack", "U2"), Set.of("dba"), "test"),
            new Member("carol", Map.of("slack", "U3", "discord", "381234567890"), Set.of("dba"), "test")));
    private final EscalationNotices notices = new EscalationNotices(contacts, chat);
    private final ChatThread slackThread = new ChatThread("slack", "C1", Optional.of("1700000000.000100"));

    @Test
    void aPersonGetsADirectMessageOnSlackAndIsMentionedInTheThread() {
        List<String> named = notices.escalated(slackThread, "r-1", "restore", "pg-restore", Person.of("carol"));

        assertThat(named).containsExactly("<@U3>");
        RecordingChatGateway.Call dm = chat.calls("direct").getFirst();
        assertThat(dm.where()).isEqualTo(ChatThread.channel("slack", "U3"));
        assertThat(dm.message().text()).contains("step `restore` of run `r-1`", "escalated to you", "<#C1>", "/runbook approve r-1");
    }

    @Test
    void aGroupIsMentionedMemberByMemberAndEachMemberGetsADirectMessage() {
        List<String> named = notices.escalated(slackThread, "r-1", "restore", "pg-restore", Person.of("@dba"));

        assertThat(named).containsExactly("@dba (<@U2> <@U3>)");
        assertThat(chat.calls("direct")).extracting(c -> c.where().channel()).containsExactly("U2", "U3");
        assertThat(chat.calls("direct").getFirst().message().text()).contains("your group @dba");
    }

    @Test
    void onDiscordContactsGetADirectMessageAndAreMentionedAndARunbookHandleCountsWhenItIsAUserId() {
        ChatThread discord = new ChatThread("discord", "T7", Optional.of("M1"));

        assertThat(notices.escalated(discord, "r-2", "promote", "failover", Person.of("carol"))).containsExactly("<@381234567890>");
        assertThat(notices.escalated(discord, "r-2", "promote", "failover",
                new Person("dave", "Dave", Map.of("discord", "999888777666")))).containsExactly("<@999888777666>");
        assertThat(notices.escalated(discord, "r-2", "promote", "failover", Person.of("erin")))
                .containsExactly("erin (no discord account known to opsbook)");
        assertThat(chat.calls("direct")).extracting(c -> c.where()).containsExactly(
                ChatThread.channel("discord", "381234567890"), ChatThread.channel("discord", "999888777666"));
        assertThat(chat.calls("direct").getFirst().message().text()).contains("step `promote` of run `r-2`", "escalated to you", "<#T7>");
        assertThat(chat.calls("post")).as("nothing posted elsewhere").isEmpty();
    }

    @Test
    void aDirectMessageThatCannotBeDeliveredLeavesTheMention() {
        chat.failNext(1, () -> new IllegalStateException("Cannot send messages to this user"));

        assertThat(notices.escalated(new ChatThread("discord", "T7", Optional.of("M1")), "r-3", "promote", "failover",
                Person.of("carol"))).containsExactly("<@381234567890>");
    }
}
