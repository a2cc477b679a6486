package dev.opsbook.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.engine.Engine;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.server.OpsbookServer;
import dev.opsbook.server.TestEngineProperties;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Chat-native input on the real engine: {@code /runbook run} without its parameters opens a Slack
 * modal ({@code views.open} with the command's trigger) with typed inputs from the runbook's
 * parameters; the submitted modal starts the run; its {@code confirm=} step asks in the thread with a
 * button that opens a modal for the text, and runs once the right text is typed by the requester. The
 * secret parameter reaches the script and nothing else: not Slack, not the audit log, not the log.
 */
@SpringBootTest(classes = OpsbookServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class SlackChatInputIT {
    static final String SECRET = "a-signing-secret-for-chat-input";
    static final String TOKEN = "s3cr3t-T0ken-for-the-admin-api";
    static final FakeSlackApi SLACK = FakeSlackApi.start();
    static final SignedSlack SIGNED = new SignedSlack(SLACK, SECRET);
    static final TestDatabase DB = TestDatabase.create();
    static final Pattern RUN_ID = Pattern.compile("Run `([^`]+)` of `chat-input` started");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SIGNED.register(registry);
        registry.add("opsbook.chat.runbooks", () -> Path.of("src/test/resources/chatops/input-runbooks").toAbsolutePath().toString());
        registry.add("opsbook.chat.users.alice.slack", () -> "U1");
        registry.add("opsbook.chat.users.bob.slack", () -> "U2");
        TestEngineProperties.register(registry, DB);
    }

    @LocalServerPort
    int port;
    @Autowired
    Engine engine;

    SlackTestClient client;

    @BeforeEach
    void client() {
        client = SIGNED.client(port);
    }

    @AfterAll
    static void stop() {
        SLACK.close();
    }

    @Test
    void missingParametersOpenAModalAndAConfirmStepIsConfirmedThroughOne(CapturedOutput output) throws Exception {
        command("run chat-input restore mode=schema-only", "trig-in");
        FakeSlackApi.Call opened = SLACK.await("views.open", c -> "trig-in".equals(c.params().get("trigger_id")), 1, 15_000).getFirst();
        String view = opened.params().get("view");
        assertThat(view).contains("\"callback_id\":\"opsbook.form\"", "\"private_metadata\":\"CIN run|chat-input|restore\"",
                "\"block_id\":\"target-db\"", "\"type\":\"plain_text_input\"", "matches [a-z_]+",
                "\"block_id\":\"mode\"", "\"type\":\"static_select\"", "\"initial_option\":{\"text\":{\"type\":\"plain_text\",\"text\":\"schema-only\"",
                "\"block_id\":\"workers\"", "\"type\":\"number_input\"", "\"initial_value\":\"2\"",
                "\"block_id\":\"admin-token\"", "secret");
        String reply = SLACK.await("respond", c -> c.path().endsWith("/trig-in"), 1, 10_000).getFirst().body();
        assertThat(reply).contains("needs `target-db`, `admin-token` (secret)").doesNotContain("opsbook.form");
        assertThat(SLACK.calls("chat.postMessage")).as("nothing started yet").isEmpty();

        submit("V-bad", "U1", "CIN run|chat-input|restore", Map.of("target-db", "Orders-DB!", "mode", "full", "workers", "3",
                "admin-token", TOKEN));
        SLACK.await("chat.postEphemeral", c -> "U1".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("Cannot run"), 1, 15_000);
        submit("V-good", "U1", "CIN run|chat-input|restore", Map.of("target-db", "orders_scratch", "mode", "full", "workers", "3",
                "admin-token", TOKEN));
        String started = SLACK.await("chat.postEphemeral", c -> "U1".equals(c.params().get("user"))
                && RUN_ID.matcher(c.params().getOrDefault("text", "")).find(), 1, 15_000).getFirst().params().get("text");
        Matcher m = RUN_ID.matcher(started);
        assertThat(m.find()).isTrue();
        String runId = m.group(1);
        String parentTs = SLACK.runParent("CIN", runId).ts();

        FakeSlackApi.Call ask = SLACK.await("chat.postMessage", c -> parentTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("blocks", "").contains("confirm|" + runId + "|swap-in"), 1, 20_000).getFirst();
        assertThat(ask.params().get("text")).contains("Step `swap-in` runs only after its confirmation", "`orders_scratch`");

        click("U1", runId, ask.ts(), parentTs, "trig-confirm");
        String confirmView = SLACK.await("views.open", c -> "trig-confirm".equals(c.params().get("trigger_id")), 1, 10_000)
                .getFirst().params().get("view");
        assertThat(confirmView).contains("\"private_metadata\":\"CIN confirm|" + runId + "|swap-in\"", "\"block_id\":\"confirmation\"");
        submit("V-bob", "U2", "CIN confirm|" + runId + "|swap-in", Map.of("confirmation", "orders_scratch"));
        SLACK.await("chat.postEphemeral", c -> "U2".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("neither asked for this run nor is a runner"), 1, 10_000);
        submit("V-typo", "U1", "CIN confirm|" + runId + "|swap-in", Map.of("confirmation", "orders"));
        SLACK.await("chat.postEphemeral", c -> "U1".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("what you typed is not `orders_scratch`"), 1, 10_000);
        submit("V-ok", "U1", "CIN confirm|" + runId + "|swap-in", Map.of("confirmation", "orders_scratch"));
        SLACK.await("chat.postEphemeral", c -> "U1".equals(c.params().get("user"))
                && c.params().getOrDefault("text", "").contains("confirmed; it runs now"), 1, 10_000);
        SLACK.await("chat.update", c -> parentTs.equals(c.params().get("ts"))
                && c.params().getOrDefault("text", "").contains("succeeded"), 1, 30_000);
        SLACK.await("chat.postMessage", c -> parentTs.equals(c.params().get("thread_ts"))
                && c.params().getOrDefault("text", "").contains("swapped in orders_scratch"), 1, 15_000);
        assertThat(String.join("\n", SLACK.threadTexts(parentTs))).contains("prepared orders_scratch mode full with 3 workers and a token");

        List<RecordedEvent> audit = new ArrayList<>();
        engine.audit().readRun(runId, audit::add);
        assertThat(audit).extracting(e -> e.event().action()).contains(AuditActions.STEP_CONFIRMED, AuditActions.STEP_CONFIRMATION_REFUSED);
        assertThat(audit).filteredOn(e -> e.event().action().equals(AuditActions.STEP_CONFIRMED))
                .singleElement().satisfies(e -> assertThat(e.event().actor().userId()).isEqualTo("alice"));
        List<RecordedEvent> all = new ArrayList<>();
        engine.audit().read(1, all::add);
        assertThat(all.stream().map(Object::toString).collect(Collectors.joining("\n"))).doesNotContain(TOKEN);
        assertThat(SLACK.calls().stream().filter(c -> !c.method().equals("views.open")).map(FakeSlackApi.Call::body))
                .noneMatch(b -> b.contains(TOKEN));
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void whenSlackCannotOpenTheModalTheReplyCarriesAButtonThatOpensIt() throws Exception {
        command("run chat-input restore", "expired-trig");
        String reply = SLACK.await("respond", c -> c.path().endsWith("/expired-trig"), 1, 15_000).getFirst().body();
        assertThat(reply).contains("needs `target-db`, `admin-token` (secret)", "\"action_id\":\"opsbook.form\"",
                "\"value\":\"run|chat-input|restore\"", "Enter parameters");

        String payload = """
                {"type":"block_actions","user":{"id":"U1","username":"u1","name":"u1","team_id":"T1"},"api_app_id":"A1",
                 "token":"unused","trigger_id":"trig-form-button","team":{"id":"T1"},"channel":{"id":"CIN2","name":"ops"},
                 "container":{"type":"message","message_ts":"1.2","channel_id":"CIN2","is_ephemeral":true},
                 "response_url":"%s/respond/form-button",
                 "actions":[{"action_id":"opsbook.form","block_id":"opsbook.form","value":"run|chat-input|restore","type":"button",
                             "action_ts":"1"}]}
                """.formatted(SLACK.url());
        client.deliver(SlackTestClient.interactionBody(payload));
        String view = SLACK.await("views.open", c -> "trig-form-button".equals(c.params().get("trigger_id")), 1, 10_000)
                .getFirst().params().get("view");
        assertThat(view).contains("\"private_metadata\":\"CIN2 run|chat-input|restore\"", "\"block_id\":\"admin-token\"");
    }

    private void command(String text, String trigger) throws Exception {
        client.deliver(SIGNED.command(text, "U1", "CIN", trigger));
    }

    private void click(String user, String runId, String ts, String parentTs, String trigger) throws Exception {
        String payload = """
                {"type":"block_actions","user":{"id":"%s","username":"x","name":"x","team_id":"T1"},"api_app_id":"A1",
                 "token":"unused","trigger_id":"%s","team":{"id":"T1"},"channel":{"id":"CIN","name":"ops"},
                 "container":{"type":"message","message_ts":"%s","channel_id":"CIN","is_ephemeral":false},
                 "message":{"type":"message","ts":"%s","thread_ts":"%s","text":"confirm?"},
                 "response_url":"%s/respond/%s",
                 "actions":[{"action_id":"opsbook.form","block_id":"opsbook.form","value":"confirm|%s|swap-in","type":"button",
                             "action_ts":"1"}]}
                """.formatted(user, trigger, ts, ts, parentTs, SLACK.url(), trigger, runId);
        client.deliver(SlackTestClient.interactionBody(payload));
    }

    /** A {@code view_submission} of the opsbook form with {@code values} (block id and action id = field name). */
    private void submit(String viewId, String user, String metadata, Map<String, String> values) throws Exception {
        String state = values.entrySet().stream().map(e -> e.getKey().equals("mode")
                        ? "\"mode\":{\"mode\":{\"type\":\"static_select\",\"selected_option\":{\"text\":{\"type\":\"plain_text\",\"text\":\""
                        + e.getValue() + "\"},\"value\":\"" + e.getValue() + "\"}}}"
                        : "\"" + e.getKey() + "\":{\"" + e.getKey() + "\":{\"type\":\"plain_text_input\",\"value\":\"" + e.getValue() + "\"}}")
                .collect(Collectors.joining(","));
        String payload = """
                {"type":"view_submission","team":{"id":"T1","domain":"opsbook-test"},
                 "user":{"id":"%s","username":"x","name":"x","team_id":"T1"},"api_app_id":"A1","token":"unused","trigger_id":"t-%s",
                 "view":{"id":"%s","team_id":"T1","type":"modal","callback_id":"opsbook.form","private_metadata":"%s",
                         "state":{"values":{%s}},"hash":"h","title":{"type":"plain_text","text":"opsbook"}},
                 "response_urls":[]}
                """.formatted(user, viewId, viewId, metadata, state);
        client.deliver(SlackTestClient.interactionBody(payload));
    }
}
