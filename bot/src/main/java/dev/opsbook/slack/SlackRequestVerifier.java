package dev.opsbook.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks that a request comes from Slack: {@code X-Slack-Signature} must be the HMAC-SHA256 of
 * {@code v0:timestamp:body} under the signing secret, and {@code X-Slack-Request-Timestamp} within
 * five minutes of now (replays of older requests are refused). Answers the problem, if any, for
 * the log; the caller answers 401 without saying which check failed. One keyed {@link Mac} per
 * thread and {@link HexFormat}: Slack's own generator builds a Mac and formats each byte with
 * {@code String.format} on every request, which showed in the acknowledgement profile.
 */
final class SlackRequestVerifier {
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private final ThreadLocal<Mac> mac;
    private final Clock clock;

    SlackRequestVerifier(String signingSecret, Clock clock) {
        if (signingSecret == null || signingSecret.isBlank()) {
            throw new IllegalArgumentException("Slack request verification needs SLACK_SIGNING_SECRET");
        }
        SecretKeySpec key = new SecretKeySpec(signingSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is always available", e);
            }
        });
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
        byte[] expected = ("v0=" + HexFormat.of().formatHex(mac.get().doFinal(
                ("v0:" + timestamp.trim() + ":" + body).getBytes(StandardCharsets.UTF_8)))).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
            return Optional.of("signature does not match the signing secret");
        }
        return Optional.empty();
    }
}
