package dev.opsbook.cli;

import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.VerificationResult;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code opsbook audit verify}: recomputes the whole chain and names the first bad sequence number.
 * It also checks the chain head row that every append updates in the same transaction, which
 * reveals the newest events deleted or rows appended without going through opsbook.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the audit hash chain; exit 1 naming the first bad sequence number.")
final class AuditVerifyCommand implements Callable<Integer> {

    @ParentCommand
    AuditCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--expect-head", paramLabel = "HASH",
            description = "A head hash recorded earlier (e.g. printed by a previous verify and kept outside "
                    + "the database): the chain must still contain it.")
    String expectHead;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (expectHead != null && !expectHead.matches("[0-9a-f]{64}")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--expect-head must be a SHA-256 in lowercase hex (64 characters), got: " + expectHead);
        }
        int code = parent.withAuditLog(spec.commandLine().getErr(), log -> verify(log, out));
        out.flush();
        return code;
    }

    private int verify(JdbcAuditLog log, PrintWriter out) {
        JdbcAuditLog.ChainHead recorded = log.head(); // before reading: later appends only add events
        HashAt atRecordedHead = new HashAt(log, recorded.sequence());
        VerificationResult result = AuditVerifier.verify(atRecordedHead, Optional.ofNullable(expectHead));
        long count = result.verifiedEvents();
        if (result.firstBreak().isPresent()) {
            VerificationResult.Break b = result.firstBreak().get();
            return broken(out, b.sequence(), b.detail());
        }
        if (recorded.sequence() > count) {
            return broken(out, count + 1, "event " + (count + 1) + " is missing: the chain head records "
                    + recorded.sequence() + " events but only " + count + " are stored (the newest were deleted)");
        }
        if (recorded.sequence() > 0 && !recorded.hash().equals(atRecordedHead.hash)) {
            return broken(out, recorded.sequence(), "the chain head recorded hash " + recorded.hash()
                    + " for this event when it was appended, but it now has " + atRecordedHead.hash);
        }
        long recordedAfter = log.head().sequence(); // every event opsbook committed before the read is within it
        if (count > recordedAfter) {
            return broken(out, recordedAfter + 1, "event " + (recordedAfter + 1) + " was not appended by opsbook:"
                    + " the chain head records only " + recordedAfter + " events (rows were inserted directly)");
        }
        if (result.missingAnchor().isPresent()) {
            out.println("audit log does not contain the expected head " + expectHead + " (" + count
                    + " events verified, head " + result.headHash() + "): it was rewritten or truncated");
            return AuditCommand.BROKEN;
        }
        out.println("audit log intact: " + count + " events, head " + result.headHash());
        return AuditCommand.OK;
    }

    private static int broken(PrintWriter out, long sequence, String reason) {
        out.println("audit log broken at sequence " + sequence + ": " + reason);
        return AuditCommand.BROKEN;
    }

    /** Passes events through to the verifier and notes the hash stored at one sequence number. */
    private static final class HashAt implements AuditLog {
        private final AuditLog log;
        private final long sequence;
        String hash = "";

        HashAt(AuditLog log, long sequence) {
            this.log = log;
            this.sequence = sequence;
        }

        @Override
        public RecordedEvent append(AuditEvent event) {
            throw new UnsupportedOperationException("verify only reads");
        }

        @Override
        public void read(long fromSequence, Consumer<RecordedEvent> sink) {
            log.read(fromSequence, e -> {
                if (e.sequence() == sequence) {
                    hash = e.hash();
                }
                sink.accept(e);
            });
        }
    }
}
