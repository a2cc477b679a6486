package dev.opsbook.cli;

import dev.opsbook.approval.Decision;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsbook approve RUN --as USER}: approves the step the run is waiting on. Every attempt is audited. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Approve the step a run is waiting on.",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the vote counted", "1:the vote was refused (not an approver, self-approval, duplicate, expired, decided)",
            "2:invalid command line", "3:the database or the audit log is unavailable",
            "4:no such run, or it is not waiting for an approval"})
public final class ApproveCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN")
    String runId;

    @Option(names = "--as", paramLabel = "USER", description = "Approve as USER (default: $USER).")
    String as;

    @Option(names = "--comment", paramLabel = "TEXT", description = "A note kept in the audit log.")
    String comment = "";

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public ApproveCommand() {
        this(System.getenv());
    }

    ApproveCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return Voting.cast(env, runId, as, Decision.APPROVE, comment, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
