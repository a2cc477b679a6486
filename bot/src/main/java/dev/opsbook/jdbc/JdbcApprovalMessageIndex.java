package dev.opsbook.jdbc;

import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ApprovalMessageIndex;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.MessageRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link ApprovalMessageIndex} in PostgreSQL ({@code approval_message}, {@code chat_run_thread}), so a
 * reaction on an approval request posted by one replica counts when the platform delivers it to another,
 * and a late vote finds the run's thread. Entries older than {@code keep} are pruned when new ones are
 * remembered.
 */
public final class JdbcApprovalMessageIndex implements ApprovalMessageIndex {
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration keep;

    public JdbcApprovalMessageIndex(DataSource dataSource, Clock clock, Duration keep) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.keep = keep;
    }

    @Override
    public void remember(MessageRef message, String runId, String stepId) {
        Instant now = clock.instant();
        Transactions.run(dataSource, "remember the approval request of step " + stepId, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM approval_message WHERE posted_at < ?")) {
                s.setTimestamp(1, Timestamp.from(now.minus(keep)));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO approval_message (platform, channel, message_id, run_id, step_id, posted_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (platform, channel, message_id)
                    DO UPDATE SET run_id = EXCLUDED.run_id, step_id = EXCLUDED.step_id, posted_at = EXCLUDED.posted_at""")) {
                s.setString(1, message.platform());
                s.setString(2, message.channel());
                s.setString(3, message.messageId());
                s.setString(4, runId);
                s.setString(5, stepId);
                s.setTimestamp(6, Timestamp.from(now));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<ApprovalAction> find(MessageRef message) {
        return Transactions.run(dataSource, "look up the approval request of a chat message", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT run_id, step_id FROM approval_message WHERE platform = ? AND channel = ? AND message_id = ?")) {
                s.setString(1, message.platform());
                s.setString(2, message.channel());
                s.setString(3, message.messageId());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new ApprovalAction(Decision.APPROVE, rs.getString(1), rs.getString(2)))
                            : Optional.<ApprovalAction>empty();
                }
            }
        });
    }

    @Override
    public void rememberThread(String runId, MessageRef parent) {
        Instant now = clock.instant();
        Transactions.run(dataSource, "remember the chat thread of run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_run_thread WHERE posted_at < ?")) {
                s.setTimestamp(1, Timestamp.from(now.minus(keep)));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO chat_run_thread (run_id, platform, channel, message_id, posted_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (run_id) DO UPDATE SET platform = EXCLUDED.platform, channel = EXCLUDED.channel,
                    message_id = EXCLUDED.message_id, posted_at = EXCLUDED.posted_at""")) {
                s.setString(1, runId);
                s.setString(2, parent.platform());
                s.setString(3, parent.channel());
                s.setString(4, parent.messageId());
                s.setTimestamp(5, Timestamp.from(now));
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<MessageRef> threadOf(String runId) {
        return Transactions.run(dataSource, "look up the chat thread of run " + runId, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT platform, channel, message_id FROM chat_run_thread WHERE run_id = ?")) {
                s.setString(1, runId);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(new MessageRef(rs.getString(1), rs.getString(2), rs.getString(3)))
                            : Optional.<MessageRef>empty();
                }
            }
        });
    }
}
