package dev.opsbook.slack;

import com.slack.api.app_backend.SlackSignature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sends requests to {@code /slack/events} the way Slack does: form-encoded slash commands and
 * interactivity payloads, JSON events, each signed with the signing secret
 * ({@code X-Slack-Signature}, {@code X-Slack-Request-Timestamp}). Tests can sign with another
 * secret, another timestamp, or leave the headers out.
 */
public final class SlackTestClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String signingSecret;

    public SlackTestClient(String baseUrl, String signingSecret) {
        this.endpoint = URI.create(baseUrl + "/slack/events");
        this.signingSecret = signingSecret;
    }

    /** A signed delivery: body, content type and headers, ready to send (or to tamper with). */
    public record Delivery(String body, String contentType, Map<String, String> headers) {
        public Delivery with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            if (value == null) {
                h.remove(header);
            } else {
                h.put(header, value);
            }
            return new Delivery(body, contentType, h);
        }
    }

    public static String slashCommandBody(String text, String userId, String channelId, String triggerId, String responseUrl) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy-unused");
        form.put("team_id", "T1");
        form.put("team_domain", "opsbook-test");
        form.put("channel_id", channelId);
        form.put("channel_name", "ops");
        form.put("user_id", userId);
        form.put("user_name", userId.toLowerCase());
        form.put("command", "/runbook");
        form.put("text", text);
        form.put("api_app_id", "A1");
        form.put("response_url", responseUrl);
        form.put("trigger_id", triggerId);
        return encode(form);
    }

    /** An Events API {@code reaction_added} callback for the message {@code ts} in {@code channel}. */
    public static String reactionEvent(String eventId, String user, String emoji, String channel, String ts) {
        return """
                {"token":"unused","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"event":{"type":"reaction_added","user":"%s","reaction":"%s","item_user":"UBOT",
                 "item":{"type":"message","channel":"%s","ts":"%s"},"event_ts":"1700000002.000100"}}
                """.formatted(eventId, user, emoji, channel, ts);
    }

    /** A {@code message} event: a reply in the thread {@code threadTs} of {@code channel}. */
    public static String threadReplyEvent(String eventId, String user, String channel, String ts, String threadTs, String text) {
        return """
                {"token":"unused","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"event":{"type":"message","user":"%s","channel":"%s","channel_type":"channel",
                 "ts":"%s","thread_ts":"%s","text":%s,"event_ts":"%s"}}
                """.formatted(eventId, user, channel, ts, threadTs, json(text), ts);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A {@code block_actions} payload: {@code userId} clicked Approve on the request of {@code stepId} (message {@code messageTs} in thread {@code threadTs}). */
    public static String approveClick(String channel, String userId, String name, String runId, String stepId, String messageTs,
                                      String threadTs, String trigger, String responseUrl) {
        return """
                {"type":"block_actions","user":{"id":"%s","username":"%s","name":"%s","team_id":"T1"},
                 "api_app_id":"A1","token":"unused","trigger_id":"%s",
                 "container":{"type":"message","message_ts":"%s","channel_id":"%s","is_ephemeral":false},
                 "team":{"id":"T1","domain":"opsbook-test"},"channel":{"id":"%s","name":"ops"},
                 "message":{"type":"message","ts":"%s","thread_ts":"%s","text":"approve?"},
                 "response_url":"%s",
                 "actions":[{"action_id":"opsbook.approve","block_id":"opsbook.approval","value":"%s|%s",
                             "type":"button","action_ts":"1700000001.000001"}]}
                """.formatted(userId, name, name, trigger, messageTs, channel, channel, messageTs, threadTs, responseUrl, runId, stepId);
    }

    /** An Events API {@code app_home_opened} callback: {@code user} opened the app's {@code tab} ({@code home} or {@code messages}). */
    public static String appHomeOpened(String eventId, String user, String tab) {
        return """
                {"token":"unused","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"event":{"type":"app_home_opened","user":"%s","channel":"D%s","tab":"%s",
                 "event_ts":"1700000003.000100"}}
                """.formatted(eventId, user, user, tab);
    }

    /**
     * A {@code block_actions} payload from a button on {@code userId}'s App Home: container and view of type
     * {@code home}, no channel, no message and no response URL, as Slack sends it.
     */
    public static String homeClick(String userId, String actionId, String blockId, String value, String trigger) {
        return """
                {"type":"block_actions","user":{"id":"%s","username":"%s","name":"%s","team_id":"T1"},
                 "api_app_id":"A1","token":"unused","trigger_id":"%s","container":{"type":"view","view_id":"VHOME%s"},
                 "team":{"id":"T1","domain":"opsbook-test"},
                 "view":{"id":"VHOME%s","team_id":"T1","type":"home","blocks":[],"private_metadata":"","callback_id":"",
                         "state":{"values":{}},"hash":"1700000000.abc","root_view_id":"VHOME%s","app_id":"A1","bot_id":"BBOT"},
                 "actions":[{"action_id":"%s","block_id":"%s","value":%s,"type":"button","action_ts":"1700000004.000001"}]}
                """.formatted(userId, userId.toLowerCase(), userId.toLowerCase(), trigger, userId, userId, userId, actionId,
                blockId, json(value));
    }

    public static String interactionBody(String payloadJson) {
        return encode(Map.of("payload", payloadJson));
    }

    public Delivery signedForm(String body) {
        return signed(body, "application/x-www-form-urlencoded", signingSecret, Instant.now());
    }

    public Delivery signedJson(String body) {
        return signed(body, "application/json", signingSecret, Instant.now());
    }

    public Delivery signed(String body, String contentType, String secret, Instant at) {
        String timestamp = String.valueOf(at.getEpochSecond());
        String signature = new SlackSignature.Generator(secret).generate(timestamp, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SlackSignature.HeaderNames.X_SLACK_REQUEST_TIMESTAMP, timestamp);
        headers.put(SlackSignature.HeaderNames.X_SLACK_SIGNATURE, signature);
        return new Delivery(body, contentType, headers);
    }

    public HttpResponse<String> send(Delivery delivery) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", delivery.contentType())
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
        delivery.headers().forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Signs {@code body} as Slack sends it (JSON when it is a JSON object, else a form), sends it and checks that it was
     * acknowledged (HTTP 200).
     */
    public HttpResponse<String> deliver(String body) throws IOException, InterruptedException {
        HttpResponse<String> response = send(body.strip().startsWith("{") ? signedJson(body) : signedForm(body));
        if (response.statusCode() != 200) {
            throw new AssertionError("a signed delivery was answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
