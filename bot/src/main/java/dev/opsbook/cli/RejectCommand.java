package dev.opsbook.cli;

import dev.opsbook.approval.Decision;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsbook reject RUN --as USER [--reason R]}: vetoes the step the run is waiting on; the run ends rejected. */
@Command(name = "reject", mixinStandardHelpOptions = true,
        description = "Reject the step a run is waiting on (one rejection vetoes the run).",
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
            "0:the rejection counted", "1:the vote was refused (not an approver, self-vote, duplicate, expired, decided)",
            "2:invalid command line", "3:the database or the audit log is unavailable",
            "4:no such run, or it is not waiting for an approval"})
public final class RejectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN")
    String runId;

    @Option(names = "--as", paramLabel = "USER", description = "Reject as USER (default: $USER).")
    String as;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (shown to the requester, kept in the audit log).")
    String reason = "";

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public RejectCommand() {
        this(System.getenv());
    }

    RejectCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        return Voting.cast(env, runId, as, Decision.REJECT, reason, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
