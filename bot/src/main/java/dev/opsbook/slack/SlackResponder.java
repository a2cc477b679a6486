package dev.opsbook.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.SlackConfig;
import com.slack.api.util.json.GsonFactory;
import dev.opsbook.chat.ChatMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a slash command or button click through its {@code response_url}, visible to the
 * person who asked. One Gson instance serves every answer (Bolt's own {@code respond} builds a
 * new one per call, which costs more CPU than the rest of a command under load).
 */
final class SlackResponder {
    private static final Logger LOG = LoggerFactory.getLogger(SlackResponder.class);

    private final Gson gson;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    SlackResponder(SlackConfig config) {
        this.gson = GsonFactory.createSnakeCase(config);
    }

    /** Posts {@code reply} to {@code responseUrl}; failures are logged (the user sees no answer), never thrown. */
    void respond(String responseUrl, ChatMessage reply) {
        if (responseUrl == null || responseUrl.isBlank()) {
            LOG.warn("a Slack request without response_url got no answer");
            return;
        }
        JsonObject body = new JsonObject();
        body.addProperty("response_type", "ephemeral");
        body.addProperty("replace_original", false);
        body.addProperty("text", BlockKit.fallback(reply));
        body.add("blocks", gson.toJsonTree(BlockKit.render(reply)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(responseUrl))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(gson.toJson(body)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warn("Slack refused an answer through response_url: HTTP {} {}", response.statusCode(), response.body());
            }
        } catch (IOException e) {
            LOG.warn("could not answer through response_url: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
