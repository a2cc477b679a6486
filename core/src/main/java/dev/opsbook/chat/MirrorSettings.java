package dev.opsbook.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@link RunThreadMirror} paces and sizes what it sends.
 *
 * @param minInterval         least time between two calls into one channel (Slack allows about one message a second)
 * @param maxInlineChars      output shown inline per message; longer output goes up as a file when the step ends
 * @param maxLogChars         output kept per step for that file; beyond it the file is cut and points at the run page
 * @param maxQueuedPerChannel messages waiting per channel during an outage; beyond it output batches are dropped (and counted)
 * @param maxAttempts         tries per message before it is given up (logged)
 * @param maxBackoff          longest wait between tries
 * @param runPageBase         URL prefix of the run page ({@code https://opsbook.example.com/runs/}), if there is one
 */
public record MirrorSettings(Duration minInterval, int maxInlineChars, int maxLogChars, int maxQueuedPerChannel,
                             int maxAttempts, Duration maxBackoff, Optional<String> runPageBase) {

    public static final MirrorSettings DEFAULTS = new MirrorSettings(Duration.ofSeconds(1), 2500, 1_000_000, 200,
            30, Duration.ofSeconds(60), Optional.empty());

    public MirrorSettings {
        if (minInterval.isNegative() || maxInlineChars < 200 || maxLogChars < maxInlineChars
                || maxQueuedPerChannel < 10 || maxAttempts < 1 || maxBackoff.isNegative()) {
            throw new IllegalArgumentException("mirror settings out of range: interval >= 0, inline >= 200 chars,"
                    + " log >= inline, queue >= 10, attempts >= 1");
        }
        runPageBase = runPageBase == null ? Optional.empty() : runPageBase.filter(b -> !b.isBlank());
    }

    public MirrorSettings withRunPageBase(String base) {
        return new MirrorSettings(minInterval, maxInlineChars, maxLogChars, maxQueuedPerChannel, maxAttempts,
                maxBackoff, Optional.ofNullable(base));
    }

    Optional<String> runPage(String runId) {
        return runPageBase.map(b -> (b.endsWith("/") ? b : b + "/") + runId);
    }
}
