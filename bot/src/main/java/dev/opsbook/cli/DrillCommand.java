package dev.opsbook.cli;

import dev.opsbook.drill.DrillReport;
import dev.opsbook.drill.DrillRefusedException;
import dev.opsbook.drill.DrillRequest;
import dev.opsbook.drill.DrillResult;
import dev.opsbook.drill.Drills;
import dev.opsbook.execution.Confirmation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code opsbook drill RUNBOOK [--param K=V]... [--json]}: restores the latest catalogued backup
 * into the runbook's drill sandbox, runs its validations and prints the phase times against the RTO.
 */
@Command(name = "drill", mixinStandardHelpOptions = true,
        description = "Rehearse a restore: latest backup into the runbook's drill sandbox, validations, time against the RTO.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the drill recovered within the RTO",
            "1:the drill failed (no backup, checksum mismatch, failed run or validation) or missed the RTO",
            "2:invalid command line",
            "3:the database or the audit log is unavailable",
            "4:refused: bad runbook, no drill block, a parameter that would leave the sandbox"})
public final class DrillCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook file.")
    Path runbook;

    @Mixin
    ParameterOptions parameters = new ParameterOptions();

    @Option(names = "--json", description = "Print the result as one JSON object.")
    boolean json;

    @Mixin
    OperatorOptions operator = new OperatorOptions();

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public DrillCommand() {
        this(System.getenv());
    }

    DrillCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return RunEngine.session(env, out, err, engine -> {
            RunbookFile file = RunbookFile.load(runbook);
            var actor = operator.actor(env);
            Map<String, String> params = parameters.resolve(file.runbook().parameters(),
                    ParameterOptions.requiredSecrets(file.runbook().parameters()), err);
            Drills drills = new Drills(engine.engine.catalog(), engine.engine.audit(), Clock.systemUTC(),
                    (listeners, environment) -> engine.engine.executor(listeners, Confirmation.NOBODY, environment));
            DrillResult result;
            try {
                result = Interrupts.onCtrlC(() -> drills.run(DrillRequest.of(file.runbook(), file.gitCommit(), params, actor),
                        json ? List.of() : List.of(new ProgressPrinter(out))));
            } catch (DrillRefusedException e) {
                throw new RunCommand.Refusal(e.getMessage());
            }
            if (json) {
                out.println(DrillReport.json(result));
            } else {
                out.println(DrillReport.headline(result));
                out.println(DrillReport.phases(result));
            }
            return result.metRto() ? 0 : RunCommand.FAILED;
        });
    }
}
