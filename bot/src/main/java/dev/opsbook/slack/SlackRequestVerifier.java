package dev.opsbook.slack;

import com.slack.api.app_backend.SlackSignature;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Checks that a request comes from Slack: {@code X-Slack-Signature} must be the HMAC-SHA256 of
 * {@code v0:timestamp:body} under the signing secret, and {@code X-Slack-Request-Timestamp} within
 * five minutes of now (replays of older requests are refused). Answers the problem, if any, for
 * the log; the caller answers 401 without saying which check failed.
 */
final class SlackRequestVerifier {
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final SlackSignature.Verifier verifier;
    private final Clock clock;

    SlackRequestVerifier(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("Slack request verification needs SLACK_SIGNING_SECRET");
        }
        this.verifier = new SlackSignature.Verifier(new SlackSignature.Generator(signingSecret));
        this.clock = clock;
    }

    Optional<String> problem(String timestamp, String signature, String body) {
        if (timestamp == null || timestamp.isBlank() || signature == null || signature.isBlank()) {
            return Optional.of("missing X-Slack-Request-Timestamp or X-Slack-Signature header");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Optional.of("X-Slack-Request-Timestamp is not a number");
        }
        long age = Math.abs(clock.instant().getEpochSecond() - seconds);
        if (age > MAX_AGE.toSeconds()) {
            return Optional.of("request timestamp is " + age + "s away from now (limit " + MAX_AGE.toSeconds() + "s)");
        }
        if (!verifier.isValid(timestamp.trim(), body, signature, clock.millis())) {
            return Optional.of("signature does not match the signing secret");
        }
        return Optional.empty();
    }
}
