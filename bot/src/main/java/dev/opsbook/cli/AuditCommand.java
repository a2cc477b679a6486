package dev.opsbook.cli;

import dev.opsbook.audit.AuditReadException;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.Map;
import java.nio.file.Path;
import dev.opsbook.audit.AuditSigning;
import dev.opsbook.engine.AuditSigningSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code opsbook audit}: verify, export and inspect the audit log in opsbook's database. The
 * database comes from the environment (OPSBOOK_DB_URL…, see {@link DatabaseSettings}); tests pass
 * their own settings. These commands only read (checkpoint appends to the checkpoint log): unlike the
 * other commands they do not run crash recovery, so an auditor's verify never writes to the database.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Verify, export and inspect the hash-chained audit log.",
        subcommands = {AuditVerifyCommand.class, AuditExportCommand.class, AuditShowCommand.class,
            AuditCheckpointCommand.class, AuditKeygenCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (verify: the chain is intact)",
            "1:verify: the chain is broken or lacks the expected head; show: no events for the run",
            "2:invalid command line",
            "3:the database cannot be reached or read",
            "4:the output file cannot be written"})
public final class AuditCommand implements Runnable {
    static final int OK = 0;
    static final int BROKEN = 1;
    static final int DATABASE_ERROR = 3;
    static final int OUTPUT_ERROR = 4;

    private final Supplier<DatabaseSettings> settings;
    private final Map<String, String> env;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public AuditCommand() {
        this(() -> DatabaseSettings.fromEnvironment(System.getenv()), System.getenv());
    }

    public AuditCommand(Supplier<DatabaseSettings> settings) {
        this(settings, System.getenv());
    }

    /** {@code env} gives the audit key and checkpoint log ({@link AuditSigningSettings}). */
    public AuditCommand(Supplier<DatabaseSettings> settings, Map<String, String> env) {
        this.settings = settings;
        this.env = Map.copyOf(env);
    }

    /** The audit key and checkpoint log of this environment. */
    AuditSigning signing() {
        Path home = Path.of(env.getOrDefault("OPSBOOK_HOME", ".opsbook"));
        return AuditSigningSettings.from(AuditSigningSettings.secrets(env, home), env, home);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What a subcommand does with the audit log; returns the exit code. */
    interface AuditAction {
        int run(JdbcAuditLog log) throws CommandFailure;
    }

    /** A failure already worded for the user, with its exit code. */
    static final class CommandFailure extends Exception {
        final int exitCode;

        CommandFailure(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    /** Opens the database, runs {@code action}, and turns database trouble into one line and exit code 3. */
    int withAuditLog(PrintWriter err, AuditAction action) {
        AuditSigning signing;
        try {
            signing = signing();
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return BROKEN;
        }
        try (Database db = Database.open(settings.get());
             JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC(), signing)) {
            return action.run(log);
        } catch (DatabaseUnavailableException | AuditReadException | java.io.UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return DATABASE_ERROR;
        } catch (CommandFailure e) {
            err.println("error: " + e.getMessage());
            return e.exitCode;
        } finally {
            err.flush();
        }
    }
}
