package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.internal.Rule;
import dev.opsbook.runbook.internal.RunbookReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the examples in {@code src/test/resources/spec/*.md}, in the style of Flexmark's spec files:
 * each example is Markdown in, then a line {@code .}, then the expected model summary and findings
 * ({@link RunbookSummary}). In the input, {@code →} stands for a tab and {@code \x{NN}} for a raw
 * byte. An example under a heading containing {@code --strict} is read with {@link LintPolicy#strict()}. Run with {@code -Dspec.update=true} to rewrite the expectations from the actual output
 * (then review the diff).
 */
class RunbookSpecTest {
    static final Path SPEC_DIR = Path.of("src/test/resources/spec");
    private static final String FENCE = "`".repeat(32);
    private static final Pattern BYTE = Pattern.compile("\\\\x\\{([0-9A-Fa-f]{2})}");

    record Example(Path file, String section, int number, String input, String expected, int startLine, int endLine) {
        String name() {
            return file.getFileName() + " #" + number + " " + section + " (line " + startLine + ")";
        }
    }

    @TestFactory
    Stream<DynamicTest> specExamples() throws IOException {
        boolean update = Boolean.getBoolean("spec.update");
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : specFiles()) {
            List<Example> examples = examples(file);
            if (update) {
                rewrite(file, examples);
            }
            for (Example e : examples) {
                tests.add(DynamicTest.dynamicTest(e.name(), () -> assertThat(actual(e)).as(e.name()).isEqualTo(e.expected())));
            }
        }
        return tests.stream();
    }

    @Test
    void theSpecCoversEveryRule() throws IOException {
        Set<String> covered = new TreeSet<>();
        for (Path file : specFiles()) {
            for (Example e : examples(file)) {
                Matcher m = Pattern.compile(" \\[([a-z-]+)] ").matcher(e.expected());
                while (m.find()) {
                    covered.add(m.group(1));
                }
            }
        }
        Set<String> elsewhere = Set.of("duplicate-runbook-id", "unreadable-file", "interpreter-not-found",
                "internal-error", "file-too-large");
        List<String> missing = Arrays.stream(Rule.values()).map(Rule::id)
                .filter(id -> !covered.contains(id) && !elsewhere.contains(id)).toList();
        assertThat(missing).as("rules without a spec example").isEmpty();
    }

    static String actual(Example e) {
        String path = "spec/" + e.file().getFileName().toString().replace(".md", "") + "-" + e.number() + ".md";
        LintPolicy policy = e.section().contains("--strict") ? LintPolicy.DEFAULTS.withStrict(true) : LintPolicy.DEFAULTS;
        return RunbookSummary.of(RunbookReader.read(path, bytes(e.input()), policy).parsed());
    }

    static byte[] bytes(String input) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Matcher m = BYTE.matcher(input.replace('→', '\t'));
        int last = 0;
        while (m.find()) {
            out.writeBytes(input.replace('→', '\t').substring(last, m.start()).getBytes(StandardCharsets.UTF_8));
            out.write(Integer.parseInt(m.group(1), 16));
            last = m.end();
        }
        out.writeBytes(input.replace('→', '\t').substring(last).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static List<Path> specFiles() throws IOException {
        try (Stream<Path> s = Files.list(SPEC_DIR)) {
            return s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
    }

    static List<Example> examples(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Example> out = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) {
                section = line.substring(3).strip();
            }
            if (!line.startsWith(FENCE + " example")) {
                continue;
            }
            int start = i;
            List<String> input = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).equals("."); i++) {
                input.add(lines.get(i));
            }
            List<String> expected = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).equals(FENCE); i++) {
                expected.add(lines.get(i));
            }
            String in = String.join("\n", input) + (input.isEmpty() ? "" : "\n");
            out.add(new Example(file, section, out.size() + 1, in, String.join("\n", expected), start + 1, i + 1));
        }
        return out;
    }

    private static void rewrite(Path file, List<Example> examples) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        for (int k = examples.size() - 1; k >= 0; k--) {
            Example e = examples.get(k);
            int dot = e.startLine() + (int) e.input().lines().count();
            List<String> replacement = actual(e).lines().toList();
            lines.subList(dot + 1, e.endLine() - 1).clear();
            lines.addAll(dot + 1, replacement);
        }
        Files.write(file, lines);
    }
}
