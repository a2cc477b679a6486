package dev.opsbook.cli;

import dev.opsbook.execution.Run;
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

/** {@code opsbook runs [RUN]}: the latest runs as a table, newest first; with a run id, that run's steps. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent runs, newest first, or the steps of one run.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:listed", "2:invalid command line",
            "3:the database is unavailable", "4:no such run"})
public final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @picocli.CommandLine.Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Show this run's steps.")
    String runId;

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
        return RunEngine.session(env, out, err, engine -> {
            if (runId != null) {
                return steps(engine, out, err);
            }
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
        });
    }

    private int steps(RunEngine engine, PrintWriter out, PrintWriter err) {
        java.util.Optional<Run> found;
        try {
            found = engine.runs.find(new dev.opsbook.execution.RunId(runId));
        } catch (IllegalArgumentException e) {
            found = java.util.Optional.empty();
        }
        if (found.isEmpty()) {
            err.println("error: no run " + runId + " (see opsbook runs)");
            return RunCommand.REFUSED;
        }
        Run r = found.get();
        out.printf("run %s: %s of %s (%s) by %s, started %s%s%n", r.id(), r.state().label(), r.runbook().id(),
                r.target().describe(), r.requester().userId(), TIME.format(r.createdAt()),
                r.message().isEmpty() ? "" : "\n  " + r.message());
        out.printf("parameters: %s%n", r.parameters().isEmpty() ? "(none)" : r.parameters());
        String format = "  %-24s %-17s %-8s %-6s %-9s %s%n";
        out.printf(format, "STEP", "STATE", "ATTEMPTS", "EXIT", "DURATION", "MESSAGE");
        for (dev.opsbook.execution.StepExecution s : r.steps()) {
            String duration = s.startedAt().flatMap(a -> s.finishedAt().map(b -> java.time.Duration.between(a, b)))
                    .map(d -> String.format("%.1fs", d.toMillis() / 1000.0)).orElse("");
            out.printf(format, s.stepId(), s.state().label(), s.attempts(), s.exitCode().map(String::valueOf).orElse(""),
                    duration, s.message());
        }
        return 0;
    }
}
