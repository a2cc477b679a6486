package dev.opsbook.engine;

import dev.opsbook.audit.Checkpoint;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's audit checkpoints: every {@code interval} the chain head, when it moved, is signed and
 * appended to the checkpoint log; every checkpoint (these and those after sensitive events) is mirrored
 * to the alert channels, a copy the database's users cannot reach.
 */
public final class CheckpointSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointSchedule.class);
    private final JdbcAuditLog audit;
    private final ScheduledExecutorService scheduler;
    private volatile long lastSequence = -1;

    public CheckpointSchedule(JdbcAuditLog audit, Announcements announcements, ScheduledExecutorService scheduler, Duration interval) {
        this.audit = audit;
        this.scheduler = scheduler;
        audit.onCheckpoint(c -> {
            lastSequence = c.sequence();
            announcements.announce(message(c));
        });
        if (audit.signing().key().filter(k -> k.canSign()).isPresent()) {
            scheduler.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            LOG.warn("no audit signing key (OPSBOOK_SECRET_AUDIT_SIGNING_KEY or secrets/audit-signing-key): the audit chain"
                    + " head is not signed and no checkpoints are written; see docs/audit-log.md");
        }
    }

    static ChatMessage message(Checkpoint c) {
        return ChatMessage.builder("🔏 Audit checkpoint: sequence " + c.sequence() + ", head `" + c.hash() + "`")
                .field("Signed by", "audit key " + c.keyId())
                .field("At", c.time().toString())
                .context("Keep this message: `opsbook audit verify --expect-head " + c.hash() + "` proves nothing up to it was rewritten."
                        + " Signature: " + c.signature())
                .build();
    }

    void tick() {
        try {
            if (audit.head().sequence() != lastSequence) {
                audit.checkpoint();
            }
        } catch (RuntimeException e) {
            LOG.warn("audit checkpoint not written: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
