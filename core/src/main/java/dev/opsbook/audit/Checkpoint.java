package dev.opsbook.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A signed statement that the audit chain had {@code hash} at {@code sequence} at {@code time}, kept
 * outside the database (one JSON line of the checkpoint log). Whoever later rewrites events up to
 * {@code sequence}, or deletes them, cannot make the chain agree with it again without the private key.
 */
public record Checkpoint(long sequence, String hash, Instant time, String keyId, String signature) {
    private static final Pattern LINE = Pattern.compile("\\{\"sequence\":(\\d+),\"hash\":\"([0-9a-f]{64})\",\"time\":\"([^\"]+)\","
            + "\"key_id\":\"([0-9a-f]{16})\",\"signature\":\"([A-Za-z0-9+/=]+)\"}");

    public static Checkpoint sign(AuditKey key, long sequence, String hash, Instant time) {
        return new Checkpoint(sequence, hash, time, key.id(), key.sign(message(sequence, hash, time)));
    }

    static String message(long sequence, String hash, Instant time) {
        return "opsbook audit checkpoint v1\n" + sequence + "\n" + hash + "\n" + time;
    }

    public boolean signedBy(AuditKey key) {
        return key.id().equals(keyId) && key.verifies(message(sequence, hash, time), signature);
    }

    public String toJson() {
        return "{\"sequence\":" + sequence + ",\"hash\":\"" + hash + "\",\"time\":\"" + time + "\",\"key_id\":\"" + keyId
                + "\",\"signature\":\"" + signature + "\"}";
    }

    /** The checkpoint on one line of the log, or empty when the line is not one. */
    public static Optional<Checkpoint> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Checkpoint(Long.parseLong(m.group(1)), m.group(2), Instant.parse(m.group(3)), m.group(4), m.group(5)));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
