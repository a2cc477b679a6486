package dev.opsbook.jdbc;

import dev.opsbook.chat.SeenDeliveries;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * {@link SeenDeliveries} shared by every replica on the database ({@code chat_delivery}): the first
 * {@code INSERT … ON CONFLICT} of a key wins, across processes; a key is remembered for {@code window}
 * (then it may be taken again) and expired rows are pruned at most once per window.
 *
 * @throws DatabaseUnavailableException from {@link #firstSighting} when the database cannot answer:
 *         the delivery is then not acknowledged as handled and the platform retries it
 */
public final class JdbcSeenDeliveries implements SeenDeliveries {
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration window;
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.MIN);

    public JdbcSeenDeliveries(DataSource dataSource, Clock clock, Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the dedupe window must be positive, not " + window);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.window = window;
    }

    @Override
    public boolean firstSighting(String key) {
        Instant now = clock.instant();
        boolean prune = lastPrune.get().plus(window).isBefore(now) && lastPrune.getAndSet(now).plus(window).isBefore(now);
        return Transactions.run(dataSource, "record the chat delivery " + key, c -> {
            if (prune) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM chat_delivery WHERE expires_at < ?")) {
                    s.setTimestamp(1, Timestamp.from(now));
                    s.executeUpdate();
                }
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO chat_delivery (key, seen_at, expires_at) VALUES (?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET seen_at = EXCLUDED.seen_at, expires_at = EXCLUDED.expires_at
                    WHERE chat_delivery.expires_at <= EXCLUDED.seen_at""")) {
                s.setString(1, key);
                s.setTimestamp(2, Timestamp.from(now));
                s.setTimestamp(3, Timestamp.from(now.plus(window)));
                return s.executeUpdate() == 1;
            }
        });
    }
}
