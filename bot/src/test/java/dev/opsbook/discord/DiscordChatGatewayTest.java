package dev.opsbook.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.opsbook.chat.ChatDeliveryException;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.chat.PlatformGateways;
import java.util.Map;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.concrete.PrivateChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.restaction.CacheRestAction;
import net.dv8tion.jda.api.requests.restaction.MessageCreateAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Direct messages on Discord (escalations) through JDA's objects (mocked: JDA ships no test utilities): the
 * chat gateway opens the user's private channel and sends the rendered message there, routed by platform; a
 * user Discord will not let the bot write to is a permanent failure, not an outage to retry.
 */
class DiscordChatGatewayTest {
    private final JDA jda = mock(JDA.class);
    private final PlatformGateways gateways = new PlatformGateways(Map.of("discord", new DiscordChatGateway(jda)));

    @Test
    @SuppressWarnings("unchecked")
    void aDirectMessageGoesToTheUsersPrivateChannel() {
        PrivateChannel dm = mock(PrivateChannel.class);
        when(dm.getId()).thenReturn("900");
        CacheRestAction<PrivateChannel> open = mock(CacheRestAction.class);
        when(open.complete()).thenReturn(dm);
        when(jda.openPrivateChannelById("381234567890")).thenReturn(open);
        MessageCreateAction send = mock(MessageCreateAction.class);
        Message sent = mock(Message.class);
        when(sent.getId()).thenReturn("901");
        when(send.complete()).thenReturn(sent);
        when(dm.sendMessage(any(MessageCreateData.class))).thenReturn(send);

        MessageRef ref = gateways.direct("discord", "381234567890",
                ChatMessage.text("📣 The approval of step `promote` of run `r-2` was escalated to you."));

        assertThat(ref).isEqualTo(new MessageRef("discord", "900", "901"));
        ArgumentCaptor<MessageCreateData> data = ArgumentCaptor.forClass(MessageCreateData.class);
        verify(dm).sendMessage(data.capture());
        assertThat(data.getValue().getEmbeds()).singleElement()
                .satisfies(e -> assertThat(e.getDescription()).contains("step `promote` of run `r-2` was escalated to you"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aUserWhoRefusesDirectMessagesIsAPermanentFailure() {
        PrivateChannel dm = mock(PrivateChannel.class);
        CacheRestAction<PrivateChannel> open = mock(CacheRestAction.class);
        when(open.complete()).thenReturn(dm);
        when(jda.openPrivateChannelById("381234567890")).thenReturn(open);
        MessageCreateAction send = mock(MessageCreateAction.class);
        ErrorResponseException refused = mock(ErrorResponseException.class);
        when(refused.isServerError()).thenReturn(false);
        when(refused.getMeaning()).thenReturn(ErrorResponse.CANNOT_SEND_TO_USER.getMeaning());
        when(send.complete()).thenThrow(refused);
        when(dm.sendMessage(any(MessageCreateData.class))).thenReturn(send);

        assertThatThrownBy(() -> gateways.direct("discord", "381234567890", ChatMessage.text("escalated")))
                .isInstanceOfSatisfying(ChatDeliveryException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("send a direct message");
                });
    }
}
