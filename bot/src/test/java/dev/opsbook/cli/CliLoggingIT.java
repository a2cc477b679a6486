package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The engine (core) logs through {@link System.Logger}: in a CLI JVM its warnings take the CLI's one-line format on
 * stderr (JUL routed to Logback by {@link CliLogging}), not JUL's two-line console records, and below WARN nothing.
 */
class CliLoggingIT {

    /** A CLI JVM's first logger, then the engine's kind of warning and an INFO that must not show. */
    public static void main(String[] args) {
        org.slf4j.LoggerFactory.getLogger(CliLoggingIT.class); // Logback configures itself (CliLogging), as in Opsbook
        System.Logger engine = System.getLogger("dev.opsbook.execution.RunFlow");
        engine.log(System.Logger.Level.INFO, "not shown");
        engine.log(System.Logger.Level.WARNING, "run {0} finished {1} but the audit log could not record it: {2}",
                "r-1", "succeeded", "database down");
    }

    @Test
    void theEnginesWarningsAreOneCliLine() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CliLoggingIT.class.getName())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> lines = stderr.lines().filter(l -> !l.startsWith("WARNING: ")).toList(); // the JDK's own notices
        assertThat(lines).as(stderr).containsExactly(
                "WARN dev.opsbook.execution.RunFlow: run r-1 finished succeeded but the audit log could not record it: database down");
    }
}
