package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import com.slack.api.app_backend.slash_commands.SlashCommandPayloadParser;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SlackCommandsTest {
    @Test
    void aFullExecutorIsAnsweredBusyExactlyAsBoltWouldSayIt() throws Exception {
        String body = SlackTestClient.slashCommandBody("status", "U1", "C1", "t-1", "https://hooks.slack.com/commands/T1/1/x");
        SlashCommandRequest request = new SlashCommandRequest(body, new SlashCommandPayloadParser().parse(body),
                new RequestHeaders(Map.of()));
        SlackCommands commands = new SlackCommands(null, null, task -> {
            throw new RejectedExecutionException("full");
        }, null, null);

        Response answer = commands.apply(request, request.getContext());

        Response bolts = request.getContext().ack(SlackCommands.BUSY);
        assertThat(answer.getStatusCode()).isEqualTo(200);
        assertThat(answer.getContentType()).isEqualTo(bolts.getContentType());
        assertThat(JsonParser.parseString(answer.getBody())).isEqualTo(JsonParser.parseString(bolts.getBody()));
    }
}
