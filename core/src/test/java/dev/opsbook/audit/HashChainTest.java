package dev.opsbook.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HashChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-25T10:15:30.123456789Z");

    @Test
    void canonicalFormIsTheExportLineWithoutHashWithSortedKeys() {
        RecordedEvent e = HashChain.link(7, T, "1".repeat(64), AuditEvents.stepFinished("r-1", "succeeded"));

        assertThat(new String(HashChain.canonical(e), StandardCharsets.UTF_8)).isEqualTo(
                "{\"action\":\"step.finished\",\"actor\":{\"display_name\":\"Alice\",\"platform\":\"slack\",\"user_id\":\"U1\"},"
                + "\"details\":{\"exit_code\":\"0\",\"kind\":\"backup\"},\"duration_ms\":1234,"
                + "\"parameters\":{\"password\":\"[redacted]\",\"target\":\"orders\"},\"previous_hash\":\"" + "1".repeat(64) + "\","
                + "\"result\":\"succeeded\",\"run_id\":\"r-1\",\"runbook\":{\"git_commit\":\"deadbeef\",\"id\":\"orders-db\","
                + "\"sha256\":\"" + "ab".repeat(32) + "\"},\"sequence\":7,\"step_id\":\"backup-db\","
                + "\"thread_ref\":\"C1/1700000000.1\",\"time\":\"2026-11-25T10:15:30.123456Z\"}");
    }

    @Test
    void hashIsSha256OfPreviousHashThenCanonicalForm() throws Exception {
        RecordedEvent e = HashChain.link(1, T, HashChain.GENESIS, AuditEvents.interrupted());

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(HashChain.GENESIS.getBytes(StandardCharsets.US_ASCII));
        sha.update(HashChain.canonical(e));
        assertThat(e.hash()).isEqualTo(HexFormat.of().formatHex(sha.digest())).matches("[0-9a-f]{64}");
        assertThat(HashChain.hashOf(e)).isEqualTo(e.hash());
    }

    @Test
    void anAuditorCanRecomputeTheHashFromAnExportLineWithAGenericJsonLibrary() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 300; i++) {
            RecordedEvent e = HashChain.link(1 + random.nextInt(1_000_000), T.plusNanos(random.nextLong(1L << 50)),
                    HashChain.GENESIS, randomEvent(random));
            JsonNode line = JSON.readTree(AuditJson.toLine(e));
            Object withoutHash = sorted(line);
            ((Map<?, ?>) withoutHash).remove("hash");
            assertThat(JSON.writeValueAsString(withoutHash))
                    .as("seed %d", seed)
                    .isEqualTo(new String(HashChain.canonical(e), StandardCharsets.UTF_8));
            assertThat(AuditJson.fromLine(AuditJson.toLine(e))).as("seed %d", seed).isEqualTo(e);
        }
    }

    @Test
    void controlCharactersAreEscapedTheJcsWay() {
        AuditEvent event = new AuditEvent(Actor.SYSTEM, "x", Optional.empty(), Optional.empty(), Optional.empty(),
                Map.of("k", "a\"b\\c\b\f\n\r\t\u0001\u001f\u007fé€😀"), "r", Optional.empty(), Optional.empty(), Map.of());

        String canonical = new String(HashChain.canonical(HashChain.link(1, T, HashChain.GENESIS, event)),
                StandardCharsets.UTF_8);

        assertThat(canonical).contains("\"k\":\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\u007fé€😀\"");
    }

    @Test
    void everyFieldIsCoveredByTheHash() {
        RecordedEvent base = HashChain.link(3, T, HashChain.GENESIS, AuditEvents.stepFinished("r-1", "succeeded"));
        AuditEvent e = base.event();

        assertThat(java.util.List.of(
                HashChain.link(4, T, HashChain.GENESIS, e),
                HashChain.link(3, T.plusSeconds(1), HashChain.GENESIS, e),
                HashChain.link(3, T, "1".repeat(64), e),
                HashChain.link(3, T, HashChain.GENESIS, AuditEvents.stepFinished("r-2", "succeeded")),
                HashChain.link(3, T, HashChain.GENESIS, AuditEvents.stepFinished("r-1", "failed")),
                HashChain.link(3, T, HashChain.GENESIS, new AuditEvent(e.actor(), e.action(), e.runId(), e.stepId(),
                        e.runbook(), Map.of("target", "other"), e.result(), e.duration(), e.threadRef(), e.details())),
                HashChain.link(3, T, HashChain.GENESIS, new AuditEvent(e.actor(), e.action(), e.runId(), e.stepId(),
                        e.runbook(), e.parameters(), e.result(), Optional.of(Duration.ofMillis(1)), e.threadRef(), e.details()))))
                .extracting(RecordedEvent::hash)
                .doesNotContain(base.hash())
                .doesNotHaveDuplicates();
    }

    @Test
    void linkNormalisesWhatStorageCannotHoldExactly() {
        AuditEvent event = new AuditEvent(new Actor("cli", "u\u0000x", "bad \uD800 surrogate"), "x", Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of("ok", "😀"), "r",
                Optional.of(Duration.ofNanos(1_999_999)), Optional.empty(), Map.of());

        RecordedEvent stored = HashChain.link(1, T, HashChain.GENESIS, event);

        assertThat(stored.time()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123456Z"));
        assertThat(stored.event().actor().userId()).isEqualTo("u\uFFFDx");
        assertThat(stored.event().actor().displayName()).isEqualTo("bad \uFFFD surrogate");
        assertThat(stored.event().parameters()).containsEntry("ok", "😀");
        assertThat(stored.event().duration()).contains(Duration.ofMillis(1));
    }

    static AuditEvent randomEvent(Random random) {
        return new AuditEvent(new Actor(word(random) + "p", word(random) + "u", word(random)), word(random) + "a",
                maybe(random), maybe(random),
                random.nextBoolean() ? Optional.empty() : Optional.of(new RunbookRef(word(random), word(random), word(random))),
                words(random), word(random), random.nextBoolean() ? Optional.empty()
                        : Optional.of(Duration.ofMillis(random.nextLong(1L << 40))),
                maybe(random), words(random));
    }

    private static Optional<String> maybe(Random random) {
        return random.nextBoolean() ? Optional.empty() : Optional.of(word(random));
    }

    private static Map<String, String> words(Random random) {
        Map<String, String> m = new TreeMap<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            m.put(word(random), word(random));
        }
        return m;
    }

    /** Printable text from several scripts, quotes, backslashes, newlines and tabs. */
    static String word(Random random) {
        String alphabet = "aZ09 _-.:/\"\\\n\t\r{}[]éß€中文😀\u2028\u007f";
        StringBuilder b = new StringBuilder();
        int[] cps = alphabet.codePoints().toArray();
        for (int i = random.nextInt(12); i > 0; i--) {
            b.appendCodePoint(cps[random.nextInt(cps.length)]);
        }
        return b.toString();
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> m = new TreeMap<>();
            node.properties().forEach(p -> m.put(p.getKey(), sorted(p.getValue())));
            return m;
        }
        return JSON.convertValue(node, Object.class);
    }
}
