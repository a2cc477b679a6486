package dev.opsbook.cli;

import dev.opsbook.audit.AuditWriteException;
import dev.opsbook.execution.ResumeRun;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunRefusedException;
import dev.opsbook.execution.RunStoppedException;
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
 * {@code opsbook resume RUN}: continues an interrupted run from its first unfinished step. Idempotent
 * steps re-run by themselves; a step that was running when its process died and is not idempotent
 * waits for a fresh approval. Secret parameters are not stored: pass them again (standard input,
 * {@code --param-file} or the prompt); other values given differ from the run's are audited and approved again.
 */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted run from its first unfinished step.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the run succeeded", "1:the run failed, timed out, was rolled back or cancelled", "2:invalid command line",
            "3:the database or the audit log is unavailable",
            "4:refused: no such run, not interrupted, runbook changed, missing secret parameters, not authorised, service busy",
            "5:an approval was rejected or expired"})
public final class ResumeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "The run id (see opsbook runs).")
    String runId;

    @Option(names = "--runbook", paramLabel = "FILE", description = "Where the runbook is now (default: the path the run started from).")
    Path runbook;

    @Mixin
    ParameterOptions parameters = new ParameterOptions();

    @Mixin
    OperatorOptions operator = new OperatorOptions();


    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public ResumeCommand() {
        this(System.getenv());
    }

    ResumeCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RunEngine engine = RunEngine.open(env, err)) {
            var actor = operator.actor(env);
            RunId id = new RunId(runId);
            Run stored = engine.runs.find(id).orElseThrow(() -> new RunCommand.Refusal("no run " + runId + " (see opsbook runs)"));
            RunbookFile file = RunbookFile.load(runbook != null ? runbook : Path.of(stored.runbookPath()));
            // secret values are never stored: every secret the runbook declares is asked for again
            Map<String, String> params = parameters.resolve(file.runbook().parameters(),
                    file.runbook().parameters().stream().filter(p -> p.secret()).toList(), err);
            Run run = Interrupts.onCtrlC(() -> engine.executor(List.of(new ProgressPrinter(out)), operator.confirmation(out))
                    .resume(new ResumeRun(id, file.runbook(), params, actor)));
            return RunCommand.exitCode(run.state());
        } catch (RunCommand.Refusal | IllegalArgumentException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return RunCommand.REFUSED;
        } catch (RunRefusedException e) {
            e.problems().forEach(p -> err.println("error: " + p));
            return RunCommand.REFUSED;
        } catch (RunStoppedException e) {
            err.println(RunCommand.stopped(e, env));
            return RunCommand.UNAVAILABLE;
        } catch (DatabaseUnavailableException | AuditWriteException e) {
            err.println("error: " + e.getMessage());
            return RunCommand.UNAVAILABLE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
