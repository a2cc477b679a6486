package dev.opsbook.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hash chain that makes the audit log tamper-evident. Every {@link AuditLog} implementation
 * links events with {@link #link} and {@link AuditVerifier} recomputes with {@link #hashOf}.
 *
 * <p>Definition (docs/audit-log.md repeats it for auditors with their own tools):
 * {@code hash = lowercase-hex(SHA-256(ascii(previous_hash) || canonical))}, where
 * {@code previous_hash} is the previous event's hash ({@link #GENESIS}, 64 zeros, for sequence 1)
 * and {@code canonical} is the UTF-8 canonical JSON of the event's export object without its
 * {@code hash} field (see {@link CanonicalForm}); it includes {@code sequence}, {@code time} (as
 * {@link Instant#toString()}) and {@code previous_hash}.
 *
 * <p>What is hashed must be exactly what storage returns, so {@link #link} first normalises the
 * event: time truncated to microseconds, duration to milliseconds, and characters PostgreSQL text
 * cannot hold (U+0000, unpaired surrogates) replaced by U+FFFD.
 */
public final class HashChain {
    /** The {@code previous_hash} of the first event. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    });

    private HashChain() {}

    /** The event as it will be stored at {@code sequence} after {@code previousHash}, with its hash. */
    public static RecordedEvent link(long sequence, Instant time, String previousHash, AuditEvent event) {
        Instant storedTime = time.truncatedTo(ChronoUnit.MICROS);
        AuditEvent stored = storable(event);
        return new RecordedEvent(sequence, storedTime, stored, previousHash,
                hash(sequence, storedTime, stored, previousHash));
    }

    /** Recomputes the hash of a stored event from its content (ignores its {@code hash} field). */
    public static String hashOf(RecordedEvent recorded) {
        return hash(recorded.sequence(), recorded.time(), recorded.event(), recorded.previousHash());
    }

    /** The exact bytes the hash covers after {@code previous_hash}; for documentation and tests. */
    public static byte[] canonical(RecordedEvent recorded) {
        return CanonicalForm.of(recorded.sequence(), recorded.time().toString(), recorded.event(),
                recorded.previousHash());
    }

    private static String hash(long sequence, Instant time, AuditEvent event, String previousHash) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        sha.update(previousHash.getBytes(StandardCharsets.UTF_8));
        sha.update(CanonicalForm.of(sequence, time.toString(), event, previousHash));
        return HEX.formatHex(sha.digest());
    }

    private static AuditEvent storable(AuditEvent e) {
        Optional<Duration> millis = e.duration().map(d -> Duration.ofMillis(d.toMillis()));
        return new AuditEvent(
                new Actor(clean(e.actor().platform()), clean(e.actor().userId()), clean(e.actor().displayName())),
                clean(e.action()),
                e.runId().map(HashChain::clean),
                e.stepId().map(HashChain::clean),
                e.runbook().map(r -> new RunbookRef(clean(r.id()), clean(r.sha256()), clean(r.gitCommit()))),
                clean(e.parameters()),
                clean(e.result()),
                millis,
                e.threadRef().map(HashChain::clean),
                clean(e.details()));
    }

    private static Map<String, String> clean(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(clean(k), clean(v)));
        return out;
    }

    /** Replaces U+0000 and unpaired surrogates, which PostgreSQL text cannot store, by U+FFFD. */
    static String clean(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c == 0
                    || Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(bad ? '\uFFFD' : c);
            }
        }
        return out == null ? s : out.toString();
    }
}
