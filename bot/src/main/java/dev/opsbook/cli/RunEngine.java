package dev.opsbook.cli;

import dev.opsbook.approval.ApprovalDesk;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.execution.ExecutionListener;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.approval.Directory;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.people.HomeDirectory;
import dev.opsbook.people.PeopleDirectory;
import dev.opsbook.jdbc.DatabaseUnavailableException;
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
 * directories in {@code runs/}; people and groups in {@code people.yaml} and the database, see
 * {@link HomeDirectory}), secrets from
 * {@code OPSBOOK_SECRET_<NAME>} variables or files in {@code OPSBOOK_SECRETS_DIR} (default
 * {@code OPSBOOK_HOME/secrets}), and {@code OPSBOOK_RUNNERS}, the runners of runbooks that list none.
 * Opening it recovers runs left behind by dead processes.
 */
final class RunEngine implements AutoCloseable {
    final Engine engine;
    final JdbcRunStore runs;

    private RunEngine(Engine engine) {
        this.engine = engine;
        this.runs = engine.runs();
    }

    static EngineSettings settings(Map<String, String> env, PrintWriter err, Directory directory) {
        Path home = home(env);
        SecretProvider secrets = SecretProvider.environment(env).orElse(SecretProvider.directory(
                Path.of(env.getOrDefault("OPSBOOK_SECRETS_DIR", home.resolve("secrets").toString()))));
        return new EngineSettings(DatabaseSettings.fromEnvironment(env), home, directory,
                secrets, Arrays.stream(env.getOrDefault("OPSBOOK_RUNNERS", "").split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).toList(), env, (person, message) -> {
                    err.println("escalation: notify " + person.id() + ": " + message);
                    err.flush();
                });
    }

    static Path home(Map<String, String> env) {
        return Path.of(env.getOrDefault("OPSBOOK_HOME", ".opsbook"));
    }

    /**
     * Opens the engine on the database with the people directory the server uses too (people.yaml, groups.properties
     * and the database, see {@link HomeDirectory}) and marks runs whose process died as interrupted (printing a note
     * for each).
     *
     * @throws RunCommand.Refusal when people.yaml (or groups.properties) cannot be read, saying where and why
     */
    static RunEngine open(Map<String, String> env, PrintWriter err) throws RunCommand.Refusal {
        Database database = Database.open(DatabaseSettings.fromEnvironment(env));
        PeopleDirectory people;
        try {
            people = HomeDirectory.open(home(env), database.dataSource(), List.of(), List.of());
            people.everyone();
        } catch (IllegalArgumentException badPeopleFile) {
            database.close();
            throw new RunCommand.Refusal(badPeopleFile.getMessage());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        Engine engine;
        try {
            engine = Engine.open(database, settings(env, err, people), Clock.systemUTC());
        } catch (IllegalArgumentException e) { // a configured audit key that is not one
            database.close();
            throw new DatabaseUnavailableException("cannot open the audit log: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        try {
            for (Run run : engine.recover()) {
                err.println("note: run " + run.id() + " was left " + "unfinished by a process that is gone; marked interrupted"
                        + " (resume it with: opsbook resume " + run.id() + ")");
            }
            err.flush();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return new RunEngine(engine);
    }

    /** What a command does with the open engine; returns its exit code. */
    @FunctionalInterface
    interface Session {
        int run(RunEngine engine) throws RunCommand.Refusal;
    }

    /**
     * Opens the engine for one command and runs {@code body}: a refusal is printed as
     * {@code error: …} with exit code 4, an unreachable database as {@code error: …} with exit code 3;
     * both streams are flushed whatever happens.
     */
    static int session(Map<String, String> env, PrintWriter out, PrintWriter err, Session body) {
        try (RunEngine engine = open(env, err)) {
            return body.run(engine);
        } catch (RunCommand.Refusal e) {
            err.println("error: " + e.getMessage());
            return RunCommand.REFUSED;
        } catch (DatabaseUnavailableException e) {
            err.println("error: " + e.getMessage());
            return RunCommand.UNAVAILABLE;
        } catch (dev.opsbook.execution.RunStoppedException e) {
            err.println(RunCommand.stopped(e, env));
            return RunCommand.UNAVAILABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    RunExecutor executor(List<ExecutionListener> listeners, dev.opsbook.execution.Confirmation confirmation) {
        return engine.executor(listeners, confirmation);
    }

    ApprovalDesk desk() {
        return engine.desk();
    }

    @Override
    public void close() {
        engine.close();
    }
}
