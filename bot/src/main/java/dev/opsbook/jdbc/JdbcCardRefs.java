package dev.opsbook.jdbc;

import dev.opsbook.alert.CardRefs;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * {@link CardRefs} in PostgreSQL ({@code incident_card}, V21). A card is sent while its row is locked
 * ({@code SELECT … FOR UPDATE}), so when two replicas send the same new card one posts it and the other, once the
 * lock is released, finds the posted message and updates it: one {@code chat.postMessage} per incident and channel,
 * whichever replica received the notification, and after a restart.
 */
public final class JdbcCardRefs implements CardRefs {
    private final DataSource dataSource;
    private final Clock clock;

    public JdbcCardRefs(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @Override
    public void exclusively(String incidentId, ChatThread channel, Function<Optional<MessageRef>, Optional<MessageRef>> send) {
        Transactions.run(dataSource, "send the card of incident " + incidentId, c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO incident_card (incident_id, platform, channel) VALUES (?, ?, ?)"
                    + " ON CONFLICT DO NOTHING")) {
                s.setString(1, incidentId);
                s.setString(2, channel.platform());
                s.setString(3, channel.channel());
                s.executeUpdate();
            }
            Optional<MessageRef> current;
            try (PreparedStatement s = c.prepareStatement("SELECT message_channel, message_id FROM incident_card"
                    + " WHERE incident_id = ? AND platform = ? AND channel = ? FOR UPDATE")) {
                s.setString(1, incidentId);
                s.setString(2, channel.platform());
                s.setString(3, channel.channel());
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    current = rs.getString(2) == null ? Optional.empty()
                            : Optional.of(new MessageRef(channel.platform(), rs.getString(1), rs.getString(2)));
                }
            }
            Optional<MessageRef> posted = send.apply(current);
            if (posted.isPresent()) {
                try (PreparedStatement s = c.prepareStatement("UPDATE incident_card SET message_channel = ?, message_id = ?,"
                        + " posted_at = ? WHERE incident_id = ? AND platform = ? AND channel = ?")) {
                    s.setString(1, posted.get().channel());
                    s.setString(2, posted.get().messageId());
                    s.setTimestamp(3, Timestamp.from(clock.instant()));
                    s.setString(4, incidentId);
                    s.setString(5, channel.platform());
                    s.setString(6, channel.channel());
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public List<MessageRef> posted(String incidentId) {
        return Transactions.run(dataSource, "read the cards of incident " + incidentId, c -> {
            List<MessageRef> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT platform, message_channel, message_id FROM incident_card"
                    + " WHERE incident_id = ? AND message_id IS NOT NULL ORDER BY posted_at")) {
                s.setString(1, incidentId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new MessageRef(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<String> incidentOf(MessageRef message) {
        return Transactions.run(dataSource, "look up the incident of a chat message", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT incident_id FROM incident_card"
                    + " WHERE platform = ? AND message_channel = ? AND message_id = ?")) {
                s.setString(1, message.platform());
                s.setString(2, message.channel());
                s.setString(3, message.messageId());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }
}
