package dev.opsbook.cli;

import dev.opsbook.jdbc.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Runs opsbook commands in-process against a test database, each with its own engine (like separate processes). */
final class CliFixture {
    final TestDatabase db = TestDatabase.create();
    final Map<String, String> env = new HashMap<>();

    CliFixture(Path home) {
        env.put("OPSBOOK_DB_URL", db.url());
        env.put("OPSBOOK_DB_USER", db.user());
        env.put("OPSBOOK_DB_PASSWORD", db.password());
        env.put("OPSBOOK_HOME", home.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.put("USER", "alice");
    }

    record Result(int exitCode, String out, String err) {}

    Result execute(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    Result run(String... args) {
        return execute(new RunCommand(env), args);
    }

    Result runs() {
        return execute(new RunsCommand(env));
    }

    Result approve(String... args) {
        return execute(new ApproveCommand(env), args);
    }

    Result reject(String... args) {
        return execute(new RejectCommand(env), args);
    }

    Result resume(String... args) {
        return execute(new ResumeCommand(env), args);
    }

    void close() {
        db.close();
    }
}
