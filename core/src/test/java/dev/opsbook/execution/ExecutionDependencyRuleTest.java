package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The execution and approval packages stay framework-free: no Spring, chat SDKs, JDBC or Jackson; only ports. */
class ExecutionDependencyRuleTest {
    private static final List<String> FORBIDDEN = List.of("import org.springframework", "import com.slack", "import net.dv8tion",
            "import org.postgresql", "import java.sql", "import javax.sql", "import com.zaxxer", "import org.flywaydb",
            "import com.fasterxml");

    @Test
    void executionAndApprovalImportNoFrameworkOrDriver() throws IOException {
        for (String pkg : List.of("execution", "approval")) {
            Path dir = Path.of("src/main/java/dev/opsbook", pkg);
            assertThat(dir).isDirectory();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    for (String line : Files.readAllLines(f)) {
                        assertThat(FORBIDDEN).as(f + ": " + line).noneMatch(line::startsWith);
                    }
                }
            }
        }
    }
}
