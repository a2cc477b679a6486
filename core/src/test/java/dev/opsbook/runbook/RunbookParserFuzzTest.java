package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates valid runbooks at random (byte flips, truncation, inserted fences, {@code ---}, tabs,
 * NUL, invalid UTF-8, huge lines, YAML type swaps) and checks that parsing never throws and that
 * every finding points inside the file. Seeded: {@code -Dfuzz.seed=N} replays a run,
 * {@code -Dfuzz.iterations=N} changes its length.
 */
class RunbookParserFuzzTest {
    private static final String[] INSERTS = {
        "```", "~~~", "```bash {#x", "```bash {#y kind=restore}\n", "---\n", "\n---\n", "...\n", "\t", "\0",
        "{", "}", "\"", "'", "=", "#", ": ", "- ", "\n", "\r\n", "$", "${", "$(", "<<'EOF'\n", "&a ", "*a ",
        "!!binary ", "? ", "|\n", ">\n", "%YAML 1.1\n", "\uFEFF", "é", "\uD83D\uDE80", "[[[[[[[[", "]]]]",
        "{\"name\":\"", "requires=x,", "rollback=", "# heading\n", "=====\n", "    ", "> ", "1. ",
    };
    private static final String[] YAML_VALUES = {
        "[1, 2]", "{a: b}", "", "null", "~", "true", "12", "-1", "\"\"", "[]", "{}", "&anchor x", "*anchor",
        "!!str", "|", "1h30", "[[[]]]", "'unterminated", "\"unterminated",
    };

    @Test
    void mutatedRunbooksNeverThrowAndFindingsPointInsideTheFile() throws IOException {
        long seed = Long.getLong("fuzz.seed", 20261125L);
        int iterations = Integer.getInteger("fuzz.iterations", 2000);
        Random random = new Random(seed);
        List<byte[]> corpus = corpus();
        for (int i = 0; i < iterations; i++) {
            byte[] base = corpus.get(random.nextInt(corpus.size()));
            byte[] input = base;
            int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++) {
                input = mutate(input, random);
            }
            check(input, seed, i);
        }
    }

    private static void check(byte[] input, long seed, int iteration) {
        ParsedRunbook parsed;
        try {
            parsed = RunbookParser.parse("fuzz.md", input);
        } catch (Throwable t) {
            save(input);
            throw new AssertionError("parse threw on iteration " + iteration + " (replay with -Dfuzz.seed=" + seed
                    + "): " + t + "\ninput: " + printable(input), t);
        }
        String text = new String(input, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (LintFinding f : parsed.findings()) {
            int line = f.position().line();
            boolean inside = line <= lines.length && f.position().column() <= lines[line - 1].length() + 1;
            if (!inside || f.rule().equals("internal-error")) {
                save(input);
                fail("iteration " + iteration + " (replay with -Dfuzz.seed=" + seed + "): finding " + f
                        + " is outside the file or internal\ninput: " + printable(input));
            }
            assertThat(f.message()).isNotBlank();
        }
        parsed.runbook().ifPresent(r -> r.steps().forEach(s ->
                assertThat(s.position().line()).as("step line").isLessThanOrEqualTo(lines.length)));
    }

    static byte[] mutate(byte[] in, Random random) {
        if (in.length == 0) {
            return INSERTS[random.nextInt(INSERTS.length)].getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(in.length + 1);
        return switch (random.nextInt(9)) {
            case 0 -> {
                byte[] out = in.clone();
                out[Math.min(at, in.length - 1)] = (byte) random.nextInt(256);
                yield out;
            }
            case 1 -> Arrays.copyOf(in, at);
            case 2, 3 -> splice(in, at, 0, INSERTS[random.nextInt(INSERTS.length)].getBytes(StandardCharsets.UTF_8));
            case 4 -> splice(in, at, 0, new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF});
            case 5 -> random.nextInt(3) > 0 ? splice(in, at, 0, new byte[] {'\t'})
                    : splice(in, at, 0, String.valueOf("a{[`$-*_ ".charAt(random.nextInt(9)))
                            .repeat(2_000 + random.nextInt(40_000)).getBytes(StandardCharsets.UTF_8));
            case 6 -> swapYamlValue(in, random);
            case 7 -> {
                int end = Math.min(in.length, at + random.nextInt(40));
                yield splice(in, at, end - at, new byte[0]);
            }
            default -> {
                int from = random.nextInt(in.length);
                int len = Math.min(in.length - from, random.nextInt(200));
                yield splice(in, at, 0, Arrays.copyOfRange(in, from, from + len));
            }
        };
    }

    /** Replaces the value of a random {@code key: value} line with a value of another YAML type. */
    private static byte[] swapYamlValue(byte[] in, Random random) {
        String text = new String(in, StandardCharsets.UTF_8);
        List<Integer> colons = new ArrayList<>();
        for (int i = text.indexOf(": "); i >= 0 && colons.size() < 500; i = text.indexOf(": ", i + 1)) {
            colons.add(i);
        }
        if (colons.isEmpty()) {
            return in;
        }
        int colon = colons.get(random.nextInt(colons.size()));
        int eol = text.indexOf('\n', colon);
        String replaced = text.substring(0, colon + 2) + YAML_VALUES[random.nextInt(YAML_VALUES.length)]
                + (eol < 0 ? "" : text.substring(eol));
        return replaced.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + insert.length);
        out.write(in, 0, at);
        out.writeBytes(insert);
        out.write(in, at + remove, in.length - at - remove);
        return out.toByteArray();
    }

    /** Valid runbooks to start from: every spec example input. */
    private static List<byte[]> corpus() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (var file : RunbookSpecTest.specFiles()) {
            for (var example : RunbookSpecTest.examples(file)) {
                out.add(RunbookSpecTest.bytes(example.input()));
            }
        }
        return out;
    }

    /** Keeps the failing input as target/fuzz-failure.md for a closer look. */
    private static void save(byte[] input) {
        try {
            java.nio.file.Files.write(java.nio.file.Path.of("target/fuzz-failure.md"), input);
        } catch (IOException e) {
            // the assertion message still carries the input
        }
    }

    private static String printable(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        return s.length() > 2000 ? s.substring(0, 2000) + "... (" + s.length() + " chars)" : s;
    }
}
