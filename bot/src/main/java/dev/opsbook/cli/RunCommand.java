package dev.opsbook.cli;

import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.execution.ParameterException;
import dev.opsbook.execution.PlanException;
import dev.opsbook.execution.Planner;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.RunStoppedException;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.jdbc.DatabaseUnavailableException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code opsbook run RUNBOOK [PROCEDURE | --step ID] [--param K=V]... [--dry-run] [--as USER]}: runs a
 * procedure or one step with live progress, waiting (polling the database) while a step needs
 * approvals that others give with {@code opsbook approve}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a runbook procedure (or one step) with approvals, locks and the audit log.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the run succeeded (or --dry-run printed the plan)",
            "1:the run failed, timed out, was rolled back or cancelled",
            "2:invalid command line",
            "3:the database or the audit log is unavailable",
            "4:refused: bad runbook or parameters, unknown procedure/step, not authorised, service busy",
            "5:an approval was rejected or expired"})
public final class RunCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int UNAVAILABLE = 3;
    static final int REFUSED = 4;
    static final int NOT_APPROVED = 5;

    @Parameters(index = "0", paramLabel = "RUNBOOK", description = "The runbook file.")
    Path runbook;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROCEDURE", description = "Procedure heading title or slug.")
    String procedure;

    @Option(names = "--step", paramLabel = "ID", description = "Run just this step.")
    String step;

    @Mixin
    ParameterOptions parameters = new ParameterOptions();

    @Option(names = "--dry-run", description = "Print the plan (steps, commands, approvals, timeouts, rollbacks, environment) and run nothing.")
    boolean dryRun;

    @Mixin
    OperatorOptions operator = new OperatorOptions();


    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public RunCommand() {
        this(System.getenv());
    }

    RunCommand(Map<String, String> env) {
        this.env = env;
    }

    /** A refusal already worded for the user. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if ((procedure == null) == (step == null)) {
                throw new Refusal("name a PROCEDURE or pass --step ID (one of them)");
            }
            RunTarget target = step != null ? RunTarget.step(step) : RunTarget.procedure(procedure);
            RunbookFile file = RunbookFile.load(runbook);
            if (dryRun) {
                PlanPrinter.print(out, Planner.plan(file.runbook(), target));
                return 0;
            }
            var actor = operator.actor(env);
            Map<String, String> params = parameters.resolve(file.runbook().parameters(),
                    ParameterOptions.requiredSecrets(file.runbook().parameters()), err);
            try (RunEngine engine = RunEngine.open(env, err)) {
                RunExecutor executor = engine.executor(List.of(new ProgressPrinter(out)), operator.confirmation(out));
                Run run = Interrupts.onCtrlC(() -> executor.start(new StartRun(file.runbook(), file.gitCommit(), target, params, actor)));
                return exitCode(run.state());
            }
        } catch (Refusal | PlanException e) {
            err.println("error: " + e.getMessage());
            return REFUSED;
        } catch (RunRefusedException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return REFUSED;
        } catch (ParameterException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return REFUSED;
        } catch (RunStoppedException e) {
            err.println(stopped(e, env));
            return UNAVAILABLE;
        } catch (DatabaseUnavailableException | AuditWriteException e) {
            err.println("error: " + e.getMessage());
            return UNAVAILABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The one line for a run the database outage stopped; the details are in the log file. */
    static String stopped(RunStoppedException e, Map<String, String> env) {
        return "error: " + e.getMessage() + "; resume it with: opsbook resume " + e.run() + " (once the database answers;"
                + " details in " + CliLog.file(env) + ")";
    }

    static int exitCode(RunState state) {
        return switch (state) {
            case SUCCEEDED -> 0;
            case REJECTED, EXPIRED -> NOT_APPROVED;
            default -> FAILED;
        };
    }
}
