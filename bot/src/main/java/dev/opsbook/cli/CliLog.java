package dev.opsbook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Where the libraries' log lines (connection pool, migrations) go for the commands that use the database:
 * {@code OPSBOOK_HOME/opsbook.log}, so the terminal shows opsbook's own one-line messages and the stack
 * traces behind them stay in the file. Must run before the first logger is created.
 */
final class CliLog {
    private static final Set<String> DATABASE_COMMANDS = Set.of("run", "resume", "drill", "runs", "approve", "reject", "audit",
            "backups", "users");
    /** Read by {@link CliLogging} when Logback configures itself. */
    static final String PROPERTY = "opsbook.cli.logFile";

    private CliLog() {}

    static Path file(Map<String, String> env) {
        return Path.of(env.getOrDefault("OPSBOOK_HOME", ".opsbook")).resolve("opsbook.log");
    }

    static void configure(String[] args, Map<String, String> env) {
        if (args.length == 0 || !DATABASE_COMMANDS.contains(args[0]) || System.getProperty(PROPERTY) != null) {
            return;
        }
        Path file = file(env);
        try {
            Files.createDirectories(file.getParent());
            System.setProperty(PROPERTY, file.toString());
        } catch (IOException e) {
            // the terminal keeps them
        }
    }
}
