package dev.opsbook.cli;

import dev.opsbook.execution.Run;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code opsbook runs}: the latest runs as a table, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:invalid command line",
            "3:the database is unavailable"})
public final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "How many (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public RunsCommand() {
        this(System.getenv());
    }

    RunsCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RunEngine engine = RunEngine.open(env, err)) {
            List<Run> runs = engine.runs.recent(limit);
            if (runs.isEmpty()) {
                out.println("no runs yet");
                return 0;
            }
            String format = "%-13s %-17s %-20s %-24s %-10s %-20s %s%n";
            out.printf(format, "RUN", "STATE", "RUNBOOK", "TARGET", "BY", "STARTED", "MESSAGE");
            for (Run r : runs) {
                out.printf(format, r.id(), r.state().label(), r.runbook().id(),
                        r.target().procedure().orElseGet(() -> "--step " + r.target().step().orElseThrow()),
                        r.requester().userId(), TIME.format(r.createdAt()), r.message());
            }
            return 0;
        } catch (DatabaseUnavailableException e) {
            err.println("error: " + e.getMessage());
            return RunCommand.UNAVAILABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
