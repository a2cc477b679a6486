package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.AddLesson;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.StartRun;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every Events API event the manifest subscribes to ({@code reaction_added}, {@code app_home_opened} of the
 * Messages tab — the Home tab is {@code SlackAppHomeIT} —, {@code message.channels}, {@code message.groups}: each
 * message subtype Slack documents), Slack's other deliveries to the request
 * URL, and malformed bodies: each is answered 2xx (and ignored where opsbook has nothing to do) or 400,
 * never 404 or 500, and nothing runs for any of them.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(SlackEventCoverageIT.Operations.class)
@ExtendWith(OutputCaptureExtension.class)
class SlackEventCoverageIT {
    static final String SECRET = "c0ver4ge-signing-secret-0123456789";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final dev.opsbook.jdbc.TestDatabase DB = dev.opsbook.jdbc.TestDatabase.create();

    /** The subtypes of Slack's message event reference (docs.slack.dev/reference/events/message), plus none. */
    static final List<String> MESSAGE_SUBTYPES = List.of("", "assistant_app_thread", "bot_message", "channel_archive",
            "channel_convert_to_private", "channel_convert_to_public", "channel_join", "channel_leave", "channel_name",
            "channel_posting_permissions", "channel_purpose", "channel_topic", "channel_unarchive", "ekm_access_denied",
            "file_share", "group_archive", "group_join", "group_leave", "group_name", "group_purpose", "group_topic",
            "group_unarchive", "huddle_thread", "me_message", "message_changed", "message_deleted", "message_replied",
            "reminder_add", "thread_broadcast", "pinned_item", "unpinned_item", "a_subtype_slack_adds_next_year");

    @TestConfiguration
    static class Operations {
        @Bean
        @Primary
        RecordingRunbookOperations recordingOperations() {
            return new RecordingRunbookOperations();
        }
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        dev.opsbook.server.TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    RecordingRunbookOperations ops;

    SlackTestClient client;

    /** When this class sent its first request (the server was up by then). */
    static java.time.Instant firstRequest;

    @BeforeEach
    void client() {
        if (firstRequest == null) {
            firstRequest = java.time.Instant.now();
        }
        client = SIGNED.client(port);
    }

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    private void barrier(String trigger) throws Exception {
        String body = SIGNED.command("status " + trigger, "U1", "C1", trigger);
        client.deliver(body);
        SLACK.await("respond", c -> c.body().contains("status of " + trigger), 1, 10_000);
    }

    private static String callback(String eventId, String event) {
        return """
                {"token":"unused","team_id":"T1","api_app_id":"A1","type":"event_callback","event_id":"%s",
                 "event_time":1700000000,"authorizations":[{"team_id":"T1","user_id":"UBOT","is_bot":true}],
                 "event":%s}""".formatted(eventId, event);
    }

    /** A message event of {@code subtype} as Slack shows it, with a "lesson:" text that must not become a lesson. */
    static String messageEvent(String subtype, String channelType, String ts) {
        String channel = channelType.equals("group") ? "G1" : "C1";
        Map<String, String> extra = new LinkedHashMap<>();
        switch (subtype) {
            case "bot_message" -> {
                extra.put("bot_id", "\"B0UNKNOWN\"");
                extra.put("username", "\"deploy-bot\"");
            }
            case "message_changed" -> {
                extra.put("hidden", "true");
                extra.put("message", "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"lesson: edited\",\"ts\":\"1700000000.000100\","
                        + "\"thread_ts\":\"1700000000.000050\",\"edited\":{\"user\":\"U1\",\"ts\":\"" + ts + "\"}}");
                extra.put("previous_message", "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"lesson: old\",\"ts\":\"1700000000.000100\"}");
            }
            case "message_deleted" -> {
                extra.put("hidden", "true");
                extra.put("deleted_ts", "\"1700000000.000100\"");
                extra.put("previous_message", "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"gone\",\"ts\":\"1700000000.000100\"}");
            }
            case "message_replied" -> extra.put("message", "{\"type\":\"message\",\"user\":\"U1\",\"text\":\"parent\","
                    + "\"ts\":\"1700000000.000050\",\"thread_ts\":\"1700000000.000050\",\"reply_count\":1}");
            case "thread_broadcast" -> {
                extra.put("thread_ts", "\"1700000000.000050\"");
                extra.put("root", "{\"type\":\"message\",\"user\":\"U9\",\"text\":\"root\",\"ts\":\"1700000000.000050\"}");
            }
            case "file_share" -> extra.put("files", "[{\"id\":\"F1\",\"name\":\"x.log\"}]");
            case "channel_join", "group_join" -> extra.put("inviter", "\"U9\"");
            case "channel_name", "group_name" -> {
                extra.put("old_name", "\"ops\"");
                extra.put("name", "\"ops-2\"");
            }
            default -> { }
        }
        StringBuilder json = new StringBuilder("{\"type\":\"message\"");
        if (!subtype.isEmpty()) {
            json.append(",\"subtype\":\"").append(subtype).append('"');
        }
        json.append(",\"channel\":\"").append(channel).append("\",\"channel_type\":\"").append(channelType).append('"');
        if (!subtype.equals("bot_message") && !subtype.equals("message_changed") && !subtype.equals("message_deleted")) {
            json.append(",\"user\":\"U1\"");
        }
        if (!subtype.equals("message_changed") && !subtype.equals("message_deleted")) {
            json.append(",\"text\":\"lesson: not from this event\"");
        }
        json.append(",\"ts\":\"").append(ts).append("\",\"event_ts\":\"").append(ts).append('"');
        extra.forEach((k, v) -> json.append(",\"").append(k).append("\":").append(v));
        return json.append('}').toString();
    }

    @Test
    void everyMessageSubtypeOfTheSubscribedChannelsIsAcknowledgedAndIgnored() throws Exception {
        int n = 0;
        for (String channelType : List.of("channel", "group")) {
            for (String subtype : MESSAGE_SUBTYPES) {
                String ts = "1700000001.%06d".formatted(++n);
                HttpResponse<String> answer = client.send(client.signedJson(callback("Ev-msg-" + n, messageEvent(subtype, channelType, ts))));
                assertThat(answer.statusCode()).as("message %s in a %s", subtype.isEmpty() ? "(plain)" : subtype, channelType)
                        .isBetween(200, 299);
            }
        }
        barrier("trig-after-messages");

        assertThat(ops.calls(AddLesson.class)).isEmpty();
        assertThat(SLACK.calls("bots.info")).as("no Web API call while Slack waits").isEmpty();
        assertThat(SLACK.calls("auth.test")).as("auth.test only when the app was built, never again while Slack waits")
                .isNotEmpty().allSatisfy(c -> assertThat(c.at()).isBefore(firstRequest));
        assertThat(SLACK.calls("conversations.replies")).isEmpty();
        assertThat(SLACK.calls("chat.postEphemeral")).isEmpty();
    }

    @Test
    void otherDeliveriesToTheRequestUrlAreAcknowledged() throws Exception {
        Map<String, String> events = new LinkedHashMap<>();
        events.put("reaction on an unknown message", "{\"type\":\"reaction_added\",\"user\":\"U2\",\"reaction\":\"white_check_mark\","
                + "\"item_user\":\"U1\",\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1600000000.000001\"},\"event_ts\":\"1\"}");
        events.put("reaction on a file", "{\"type\":\"reaction_added\",\"user\":\"U2\",\"reaction\":\"x\","
                + "\"item\":{\"type\":\"file\",\"file\":\"F1\"},\"event_ts\":\"1\"}");
        events.put("reaction by opsbook itself", "{\"type\":\"reaction_added\",\"user\":\"UBOT\",\"reaction\":\"white_check_mark\","
                + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1600000000.000001\"},\"event_ts\":\"1\"}");
        events.put("reaction_removed", "{\"type\":\"reaction_removed\",\"user\":\"U2\",\"reaction\":\"x\","
                + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1600000000.000001\"},\"event_ts\":\"1\"}");
        events.put("app_home_opened on the Messages tab", "{\"type\":\"app_home_opened\",\"user\":\"U2\",\"channel\":\"D2\","
                + "\"tab\":\"messages\",\"event_ts\":\"1\"}");
        events.put("an event type opsbook never subscribed to", "{\"type\":\"team_join\",\"user\":{\"id\":\"U7\"},\"event_ts\":\"1\"}");
        events.put("a future event type", "{\"type\":\"something_new\",\"event_ts\":\"1\"}");
        int n = 0;
        for (Map.Entry<String, String> e : events.entrySet()) {
            assertThat(client.send(client.signedJson(callback("Ev-other-" + ++n, e.getValue()))).statusCode()).as(e.getKey())
                    .isEqualTo(200);
        }
        HttpResponse<String> challenge = client.send(client.signedJson(
                "{\"token\":\"unused\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\",\"type\":\"url_verification\"}"));
        assertThat(challenge.statusCode()).isEqualTo(200);
        assertThat(challenge.body()).contains("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        client.deliver("{\"token\":\"unused\",\"type\":\"app_rate_limited\",\"team_id\":\"T1\","
                + "\"minute_rate_limited\":1518467820,\"api_app_id\":\"A1\"}");
        String linkButton = """
                {"type":"block_actions","user":{"id":"U2","username":"bob","team_id":"T1"},"api_app_id":"A1","token":"unused",
                 "trigger_id":"trig-link","team":{"id":"T1"},"channel":{"id":"C1"},"container":{"type":"message","message_ts":"1.2"},
                 "response_url":"%s/respond/link","actions":[{"action_id":"opsbook.open-run-page","type":"button","action_ts":"1"}]}
                """.formatted(SLACK.url());
        client.deliver(SlackTestClient.interactionBody(linkButton));
        barrier("trig-after-others");

        assertThat(ops.calls(CastVote.class)).isEmpty();
        assertThat(ops.calls(AddLesson.class)).isEmpty();
        assertThat(SLACK.calls("views.publish")).as("the Messages tab gets no Home page").isEmpty();
    }

    @Test
    void malformedBodiesAre400WithOneLogLineWithoutTheBody(CapturedOutput output) throws Exception {
        String marker = "hunter2-must-not-be-logged";
        Map<String, SlackTestClient.Delivery> bodies = new LinkedHashMap<>();
        bodies.put("payload that is not JSON", client.signedForm("payload=%7Bnot+json+" + marker));
        bodies.put("payload that is an array", client.signedForm(SlackTestClient.interactionBody("[\"" + marker + "\"]")));
        bodies.put("payload that is a string", client.signedForm(SlackTestClient.interactionBody("\"" + marker + "\"")));
        bodies.put("payload without a type", client.signedForm(SlackTestClient.interactionBody("{\"x\":\"" + marker + "\"}")));
        bodies.put("approval click without a user", client.signedForm(SlackTestClient.interactionBody(
                "{\"type\":\"block_actions\",\"trigger_id\":\"t-" + marker + "\",\"actions\":[{\"action_id\":\"opsbook.approve\","
                        + "\"value\":\"r-1|restore\"}]}")));
        bodies.put("form that is neither command nor payload", client.signedForm("text=run+" + marker));
        bodies.put("event body that is not JSON", client.signedJson("{\"type\":\"event_callback\"," + marker));
        bodies.put("event body that is an array", client.signedJson("[{\"type\":\"event_callback\",\"x\":\"" + marker + "\"}]"));
        bodies.put("event body without a type", client.signedJson("{\"event\":{\"type\":\"message\",\"text\":\"" + marker + "\"}}"));
        bodies.put("event_callback without an event", client.signedJson("{\"type\":\"event_callback\",\"event_id\":\"" + marker + "\"}"));
        bodies.put("event_callback whose event is a string", client.signedJson("{\"type\":\"event_callback\",\"event\":\"" + marker + "\"}"));
        for (Map.Entry<String, SlackTestClient.Delivery> b : bodies.entrySet()) {
            HttpResponse<String> answer = client.send(b.getValue());
            assertThat(answer.statusCode()).as(b.getKey()).isEqualTo(400);
            assertThat(answer.body()).as(b.getKey()).doesNotContain(marker);
        }
        barrier("trig-after-malformed");

        assertThat(ops.calls()).filteredOn(c -> c instanceof CastVote || c instanceof StartRun || c instanceof AddLesson).isEmpty();
        assertThat(output.getAll()).doesNotContain(marker);
        assertThat(output.getAll().lines().filter(l -> l.contains("refused") && l.contains("Slack")).count())
                .as("one log line per refused body").isEqualTo(bodies.size());
    }
}
