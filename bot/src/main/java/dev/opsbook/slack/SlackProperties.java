package dev.opsbook.slack;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Slack settings ({@code opsbook.slack.*}, filled from {@code SLACK_BOT_TOKEN},
 * {@code SLACK_SIGNING_SECRET}, {@code SLACK_APP_TOKEN}, {@code SLACK_API_URL}). The adapter runs
 * when the bot token is set: over HTTP at {@code /slack/events} when the signing secret is set,
 * over Socket Mode when the app token is set. {@code apiUrl} is the Web API prefix
 * ({@code https://slack.com/api/}), for proxies and tests.
 */
@ConfigurationProperties("opsbook.slack")
public record SlackProperties(String botToken, String signingSecret, String appToken, String apiUrl) {
    public SlackProperties {
        botToken = blankToEmpty(botToken);
        signingSecret = blankToEmpty(signingSecret);
        appToken = blankToEmpty(appToken);
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://slack.com/api/" : apiUrl.strip();
        if (!apiUrl.endsWith("/")) {
            apiUrl = apiUrl + "/";
        }
    }

    public boolean enabled() {
        return !botToken.isEmpty() && (http() || socketMode());
    }

    public boolean http() {
        return !signingSecret.isEmpty();
    }

    public boolean socketMode() {
        return !appToken.isEmpty();
    }

    /** Why the adapter is off, for the startup log; empty when it is on. */
    public String disabledReason() {
        if (botToken.isEmpty()) {
            return "SLACK_BOT_TOKEN is not set";
        }
        return enabled() ? "" : "set SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode)";
    }

    /** Secrets stay out of logs and error pages. */
    @Override
    public String toString() {
        return "SlackProperties[apiUrl=" + apiUrl + ", http=" + http() + ", socketMode=" + socketMode() + "]";
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }
}
