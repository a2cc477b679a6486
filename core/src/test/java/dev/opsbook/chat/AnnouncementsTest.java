package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.testing.RecordingChatGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnnouncementsTest {
    private final RecordingChatGateway chat = new RecordingChatGateway();

    @Test
    void postsToEveryConfiguredChannelAndSkipsOneThatIsDown() {
        Announcements announcements = new Announcements(chat, Announcements.parseChannels(" slack:C1 , discord:42,"));
        chat.failNext(1, () -> new IllegalStateException("slack is down"));

        List<MessageRef> posted = announcements.announce(ChatMessage.text("integrity check: 1 artifact missing"));

        assertThat(posted).hasSize(1);
        assertThat(chat.calls("post")).extracting(c -> c.where().platform() + ":" + c.where().channel())
                .containsExactly("discord:42");
    }

    @Test
    void withoutChannelsNothingIsPosted() {
        assertThat(new Announcements(chat, Announcements.parseChannels("")).announce(ChatMessage.text("x"))).isEmpty();
        assertThat(chat.calls()).isEmpty();
    }

    @Test
    void aMalformedChannelSaysWhatShapeIsExpected() {
        assertThatThrownBy(() -> Announcements.parseChannels("C0123"))
                .hasMessageContaining("`C0123` is not platform:channel");
    }
}
