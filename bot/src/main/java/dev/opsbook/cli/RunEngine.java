package dev.opsbook.cli;

import dev.opsbook.approval.ApprovalDesk;
import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.Directory;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.ExecutionPorts;
import dev.opsbook.execution.ExecutionSettings;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunRecovery;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.jdbc.AdvisoryServiceLocks;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcApprovalStore;
import dev.opsbook.jdbc.JdbcAuditLog;
import dev.opsbook.jdbc.JdbcRunStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The execution engine wired for the command line, from the environment: the database
 * ({@code OPSBOOK_DB_URL}… or embedded), {@code OPSBOOK_HOME} (default {@code .opsbook}: run
 * directories in {@code runs/}, groups in {@code groups.properties}), secrets from
 * {@code OPSBOOK_SECRET_<NAME>} variables or files in {@code OPSBOOK_SECRETS_DIR} (default
 * {@code OPSBOOK_HOME/secrets}), and {@code OPSBOOK_RUNNERS}, the runners of runbooks that list none.
 * Opening it recovers runs left behind by dead processes.
 */
final class RunEngine implements AutoCloseable {
    final Database database;
    final JdbcAuditLog audit;
    final JdbcRunStore runs;
    final JdbcApprovalStore approvals;
    final ExecutionPorts ports;
    final ExecutionSettings settings;
    final Directory directory;

    private RunEngine(Map<String, String> env, PrintWriter err) {
        Clock clock = Clock.systemUTC();
        Path home = Path.of(env.getOrDefault("OPSBOOK_HOME", ".opsbook"));
        this.database = Database.open(DatabaseSettings.fromEnvironment(env));
        this.audit = new JdbcAuditLog(database.dataSource(), clock);
        this.runs = new JdbcRunStore(database.dataSource());
        this.approvals = new JdbcApprovalStore(database.dataSource());
        this.directory = Groups.load(home.resolve("groups.properties"));
        SecretProvider secrets = SecretProvider.environment(env).orElse(SecretProvider.directory(
                Path.of(env.getOrDefault("OPSBOOK_SECRETS_DIR", home.resolve("secrets").toString()))));
        this.ports = new ExecutionPorts(runs, approvals, new AdvisoryServiceLocks(database.dataSource(), clock), audit,
                directory, secrets, (person, message) -> {
                    err.println("escalation: notify " + person.id() + ": " + message);
                    err.flush();
                }, clock, Sleeper.REAL);
        this.settings = ExecutionSettings.defaults(home.resolve("runs").toAbsolutePath(), env)
                .withRunners(Arrays.stream(env.getOrDefault("OPSBOOK_RUNNERS", "").split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    /** Opens the engine and marks runs whose process died as interrupted (printing a note for each). */
    static RunEngine open(Map<String, String> env, PrintWriter err) {
        RunEngine engine = new RunEngine(env, err);
        try {
            for (Run run : new RunRecovery(engine.runs, engine.approvals, engine.audit, engine.ports.clock(), engine.settings.runsDir()).recover()) {
                err.println("note: run " + run.id() + " was left " + "unfinished by a process that is gone; marked interrupted"
                        + " (resume it with: opsbook resume " + run.id() + ")");
            }
            err.flush();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    RunExecutor executor(List<ExecutionListener> listeners, dev.opsbook.execution.Confirmation confirmation) {
        return new RunExecutor(ports, settings, StepRunner.defaults(), listeners, confirmation);
    }

    ApprovalDesk desk() {
        return new ApprovalDesk(approvals, new ApprovalPolicy(directory), audit, ports.clock());
    }

    @Override
    public void close() {
        audit.close();
        database.close();
    }
}
