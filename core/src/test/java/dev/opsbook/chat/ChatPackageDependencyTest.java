package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Core stays platform-neutral: no Spring, Slack, JDA or JDBC driver types in its sources. */
class ChatPackageDependencyTest {
    private static final List<String> FORBIDDEN = List.of("org.springframework", "com.slack", "net.dv8tion",
            "org.postgresql", "jakarta.servlet");

    @Test
    void coreImportsNoFrameworkOrPlatformTypes() throws IOException {
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream()
                            .filter(l -> l.startsWith("import "))
                            .filter(l -> FORBIDDEN.stream().anyMatch(l::contains))
                            .map(l -> sources.relativize(f) + ": " + l))
                    .toList();
            assertThat(offenders).isEmpty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
