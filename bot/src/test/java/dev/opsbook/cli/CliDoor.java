package dev.opsbook.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** The command line as a door for tests outside this package: {@code run}, {@code approve} in-process with an environment. */
public final class CliDoor {
    private CliDoor() {}

    public record Result(int exitCode, String out, String err) {}

    public static Result run(Map<String, String> env, String... args) {
        return execute(new RunCommand(env), args);
    }

    public static Result approve(Map<String, String> env, String... args) {
        return execute(new ApproveCommand(env), args);
    }

    private static Result execute(Callable<Integer> command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Result(cl.execute(args), out.toString(), err.toString());
    }
}
