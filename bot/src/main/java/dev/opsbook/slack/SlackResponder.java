package dev.opsbook.slack;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.slack.api.SlackConfig;
import com.slack.api.util.json.GsonFactory;
import dev.opsbook.chat.ChatMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a slash command or button click through its {@code response_url}, visible to the
 * person who asked. One Gson instance serves every answer (Bolt's own {@code respond} builds a
 * new one per call, which costs more CPU than the rest of a command under load). The POST is a
 * blocking {@link HttpURLConnection} on the calling thread (kept-alive connections are reused):
 * the JDK's {@code HttpClient} hands each call between its selector and worker threads, and it had
 * about two fifths of the server's CPU samples in the ack benchmark's profile (docs/chat-setup.md),
 * CPU the next acknowledgements waited for. No proxy, no redirects, http(s) only.
 */
final class SlackResponder {
    private static final Logger LOG = LoggerFactory.getLogger(SlackResponder.class);

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 10_000;

    private final Gson gson;

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
        byte[] json = gson.toJson(body).getBytes(StandardCharsets.UTF_8);
        try {
            URI uri = URI.create(responseUrl);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme())) {
                LOG.warn("a Slack response_url that is not http(s) got no answer");
                return;
            }
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(json.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(json);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            byte[] answer = new byte[status == 200 ? 256 : 2048];
            int kept = 0;
            if (in != null) {
                try (in) { // read to the end and close: the connection goes back to the keep-alive cache
                    for (int n; (n = in.read(answer, kept, answer.length - kept)) >= 0; ) {
                        kept = status == 200 ? 0 : Math.min(kept + n, answer.length - 1); // Slack answers "ok"
                    }
                }
            }
            if (status != 200) {
                LOG.warn("Slack refused an answer through response_url: HTTP {} {}", status,
                        new String(answer, 0, kept, StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("could not answer through response_url: {}", e.toString());
        }
    }
}
