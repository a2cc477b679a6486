package dev.opsbook.audit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a verified chain against the checkpoint log: every checkpoint must be signed by the audit key,
 * and the chain must still hold, at each checkpoint's sequence, the hash it signed. The first
 * disagreement is named with the checkpoint's line, sequence and time.
 */
public final class CheckpointCheck {
    private CheckpointCheck() {}

    /**
     * @param hashes the stored hash at each checkpointed sequence that the chain holds
     * @param events how many events the verified chain has
     * @return why the chain fails the log, or empty when it agrees with every checkpoint
     */
    public static Optional<String> problem(List<CheckpointLog.Entry> entries, AuditKey key, Map<Long, String> hashes, long events,
                                           String logName) {
        for (CheckpointLog.Entry e : entries) {
            String name = "checkpoint on line " + e.line() + " of " + logName;
            if (e.checkpoint().isEmpty()) {
                return Optional.of(name + " is damaged (not a checkpoint line)");
            }
            Checkpoint c = e.checkpoint().get();
            name += " (sequence " + c.sequence() + ", " + c.time() + ")";
            if (!c.signedBy(key)) {
                return Optional.of(name + " is not signed by audit key " + key.id()
                        + (c.keyId().equals(key.id()) ? " (forged or edited)" : " (signed by key " + c.keyId() + ")"));
            }
            if (c.sequence() > events) {
                return Optional.of("history was rewritten after " + name + ": the log ends at sequence " + events
                        + ", so events up to " + c.sequence() + " were deleted");
            }
            String now = hashes.get(c.sequence());
            if (!c.hash().equals(now)) {
                return Optional.of("history was rewritten after " + name + ": event " + c.sequence() + " has hash " + now
                        + " but the checkpoint signed " + c.hash());
            }
        }
        return Optional.empty();
    }

    /** The sequences the checkpoints name, to note their hashes while the chain streams by. */
    public static java.util.Set<Long> sequences(List<CheckpointLog.Entry> entries) {
        java.util.Set<Long> out = new java.util.HashSet<>();
        entries.forEach(e -> e.checkpoint().ifPresent(c -> out.add(c.sequence())));
        return out;
    }
}
