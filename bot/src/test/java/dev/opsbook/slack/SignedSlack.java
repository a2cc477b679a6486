package dev.opsbook.slack;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Slack side of a server under test, shared by the Slack ITs: Slack's Web API faked locally ({@code api}) and the
 * app's signing secret. {@link #register} points the server at both (over HTTP: no Socket Mode app token);
 * {@link #client} signs requests to {@code /slack/events} with the secret; {@link #command} is a slash command whose
 * reply goes to the fake's {@code /respond/<trigger>}.
 */
record SignedSlack(FakeSlackApi api, String secret) {

    /** The bot token, the signing secret, no app token, and the fake's Web API URL. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("opsbook.slack.bot-token", () -> "xoxb-test-token");
        registry.add("opsbook.slack.signing-secret", this::secret);
        registry.add("opsbook.slack.app-token", () -> "");
        registry.add("opsbook.slack.api-url", api::apiUrl);
    }

    SlackTestClient client(int port) {
        return new SlackTestClient("http://127.0.0.1:" + port, secret);
    }

    String responseUrl(String trigger) {
        return api.url() + "/respond/" + trigger;
    }

    /** {@code /runbook <text>} from {@code user} in {@code channel}; {@code trigger} is its trigger id and names its reply. */
    String command(String text, String user, String channel, String trigger) {
        return SlackTestClient.slashCommandBody(text, user, channel, trigger, responseUrl(trigger));
    }
}
