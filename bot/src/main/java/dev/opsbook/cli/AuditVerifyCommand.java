package dev.opsbook.cli;

import dev.opsbook.audit.AuditKey;
import dev.opsbook.audit.CheckpointCheck;
import dev.opsbook.audit.CheckpointLog;
import java.util.List;
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
        // the checkpoints before the head, the head before the events: what is read later only adds to what came before
        List<CheckpointLog.Entry> checkpoints = log.signing().checkpoints().map(CheckpointLog::read).orElse(List.of());
        JdbcAuditLog.ChainHead recorded = log.head();
        HashAt atRecordedHead = new HashAt(log, recorded.sequence(), CheckpointCheck.sequences(checkpoints));
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
        Optional<AuditKey> key = log.signing().key();
        if (key.isPresent() && recorded.sequence() > 0 && !recorded.signedBy(key.get())) {
            return broken(out, recorded.sequence(), "the chain head was not moved by an opsbook process holding audit key "
                    + key.get().id() + " (its signature " + (recorded.signature().isEmpty() ? "is missing" : "does not match")
                    + "): events were appended or the head moved directly in the database"
                    + (recorded.signature().isEmpty() ? " (or opsbook appended without the key: every opsbook process needs it)" : ""));
        }
        String logName = log.signing().checkpoints().map(c -> c.file().toString()).orElse("");
        if (key.isPresent()) {
            Optional<String> problem = CheckpointCheck.problem(checkpoints, key.get(), atRecordedHead.checkpointed, count, logName);
            if (problem.isPresent()) {
                out.println("audit log broken: " + problem.get());
                return AuditCommand.BROKEN;
            }
        }
        out.println("audit log intact: " + count + " events, head " + result.headHash());
        if (key.isEmpty()) {
            out.println("note: no audit key (OPSBOOK_SECRET_AUDIT_SIGNING_KEY or OPSBOOK_AUDIT_PUBLIC_KEY): head signature and"
                    + " checkpoints not checked, so a forged event appended with a correct hash would pass");
        } else {
            out.println("head signed by audit key " + key.get().id() + "; " + (checkpoints.isEmpty() ? "no checkpoints in " + logName
                    : "agrees with " + checkpoints.size() + " signed checkpoint(s) in " + logName + " (latest: sequence "
                    + checkpoints.getLast().checkpoint().orElseThrow().sequence() + " at "
                    + checkpoints.getLast().checkpoint().orElseThrow().time() + ")"));
        }
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
        private final java.util.Set<Long> wanted;
        final java.util.Map<Long, String> checkpointed = new java.util.HashMap<>();
        String hash = "";

        HashAt(AuditLog log, long sequence, java.util.Set<Long> wanted) {
            this.log = log;
            this.sequence = sequence;
            this.wanted = wanted;
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
                if (wanted.contains(e.sequence())) {
                    checkpointed.put(e.sequence(), e.hash());
                }
                sink.accept(e);
            });
        }
    }
}
