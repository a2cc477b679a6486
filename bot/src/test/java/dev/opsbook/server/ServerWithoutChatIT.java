package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.PlatformGateway;
import dev.opsbook.chat.RunbookOperations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import dev.opsbook.jdbc.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** With no chat tokens the server still starts on the engine: adapters off, /slack/events absent, nothing faked. */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"opsbook.slack.bot-token=", "opsbook.slack.signing-secret=", "opsbook.slack.app-token=",
                "opsbook.discord.bot-token="})
class ServerWithoutChatIT {
    static final TestDatabase DB = TestDatabase.create();

    @DynamicPropertySource
    static void engine(DynamicPropertyRegistry registry) {
        TestEngineProperties.register(registry, DB);
    }

    @AfterAll
    static void drop() {
        DB.close();
    }

    @LocalServerPort
    int port;
    @Autowired
    ObjectProvider<PlatformGateway> platforms;
    @Autowired
    ChatGateway gateway;
    @Autowired
    RunbookOperations operations;

    @Test
    void startsWithChatDisabledAndSaysSoInsteadOfPretending() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/slack/events"))
                .POST(HttpRequest.BodyPublishers.ofString("command=%2Frunbook")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(platforms.stream()).isEmpty();
        assertThat(operations).isInstanceOf(dev.opsbook.chatops.EngineRunbookOperations.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> gateway.post(ChatThread.channel("slack", "C1"),
                        dev.opsbook.chat.ChatMessage.text("hello")))
                .hasMessageContaining("no slack adapter is configured");
    }
}
