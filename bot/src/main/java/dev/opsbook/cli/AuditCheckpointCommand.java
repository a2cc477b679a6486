package dev.opsbook.cli;

import dev.opsbook.audit.Checkpoint;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code opsbook audit checkpoint}: signs the chain head now and appends it to the checkpoint log (cron, CI). */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Sign the audit chain head with the audit key and append it to the checkpoint log.")
final class AuditCheckpointCommand implements Callable<Integer> {
    @ParentCommand
    AuditCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int code = parent.withAuditLog(spec.commandLine().getErr(), log -> {
            if (log.signing().key().filter(k -> k.canSign()).isEmpty()) {
                throw new AuditCommand.CommandFailure(AuditCommand.BROKEN, "no audit signing key: set OPSBOOK_SECRET_AUDIT_SIGNING_KEY"
                        + " or put a file named audit-signing-key in the secrets directory (opsbook audit keygen makes one)");
            }
            Optional<Checkpoint> c = log.checkpoint();
            if (c.isEmpty()) {
                out.println("audit log is empty: nothing to checkpoint");
            } else {
                out.println("checkpoint: sequence " + c.get().sequence() + ", head " + c.get().hash() + ", key " + c.get().keyId()
                        + " -> " + log.signing().checkpoints().orElseThrow().file());
            }
            return AuditCommand.OK;
        });
        out.flush();
        return code;
    }
}
