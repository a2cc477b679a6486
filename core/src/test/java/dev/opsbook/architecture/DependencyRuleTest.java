package dev.opsbook.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency rule: {@code core} is framework-free. No class under {@code core/src/main} may
 * import (or name with a fully qualified reference) Spring, Slack, JDA, Quartz, a JDBC driver,
 * a connection pool or Flyway. Adapters live in {@code bot}.
 */
class DependencyRuleTest {
    static final List<String> FORBIDDEN = List.of("org.springframework", "com.slack", "net.dv8tion", "org.quartz",
            "org.postgresql", "com.zaxxer", "org.flywaydb");
    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void coreImportsNoFrameworkOrDriver() throws IOException {
        List<String> violations;
        try (Stream<Path> files = Files.walk(MAIN)) {
            violations = files.filter(p -> p.toString().endsWith(".java")).flatMap(DependencyRuleTest::violations).toList();
        }
        assertThat(violations).as("framework or driver references in core").isEmpty();
    }

    @Test
    void theScanFindsAForbiddenImport() {
        String source = "package dev.opsbook.x;\nimport org.springframework.stereotype.Component;\n"
                + "class A { org.quartz.Job job; }\n";
        assertThat(references(source)).containsExactly("org.springframework.stereotype.Component", "org.quartz.Job");
        assertThat(references("// mentions org.springframework in a comment\nclass B {}\n")).isEmpty();
    }

    @Test
    void theScanSeesCoreSources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            assertThat(files.filter(p -> p.toString().endsWith("RunbookParser.java"))).isNotEmpty();
        }
    }

    private static Stream<String> violations(Path file) {
        try {
            return references(Files.readString(file)).stream().map(r -> file + ": " + r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forbidden qualified names in code, comments and string literals excluded. */
    static List<String> references(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ")
                .replaceAll("\"[^\"\\\\\n]*+(?:\\\\.[^\"\\\\\n]*+)*+\"", "\"\"");  // unrolled: no recursion per character
        String alternatives = String.join("|", FORBIDDEN.stream().map(Pattern::quote).toList());
        Matcher m = Pattern.compile("\\b(?:" + alternatives + ")(?:\\.[A-Za-z_$][\\w$]*)*").matcher(code);
        return m.results().map(r -> r.group()).toList();
    }
}
