package dev.opsbook.jdbc;

import dev.opsbook.web.StoredUsers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link StoredUsers} in the {@code web_user} table (migration V9). */
public final class JdbcStoredUsers implements StoredUsers {
    private final DataSource dataSource;

    public JdbcStoredUsers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredUser> find(String name) {
        return Transactions.run(dataSource, "read web user " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, password_hash, groups, created_at, created_by FROM web_user WHERE name = ?")) {
                s.setString(1, name);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new StoredUser(r.getString(1), r.getString(2),
                            Arrays.asList((String[]) r.getArray(3).getArray()), r.getTimestamp(4).toInstant(), r.getString(5)));
                }
            }
        });
    }

    @Override
    public long count() {
        return Transactions.run(dataSource, "count web users", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM web_user"); ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
    }

    @Override
    public void add(StoredUser user) {
        int inserted = Transactions.run(dataSource, "add web user " + user.name(), c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO web_user (name, password_hash, groups, created_at, created_by) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO NOTHING""")) {
                s.setString(1, user.name());
                s.setString(2, user.passwordHash());
                s.setArray(3, c.createArrayOf("text", user.groups().toArray()));
                s.setTimestamp(4, Timestamp.from(user.createdAt()));
                s.setString(5, user.createdBy());
                return s.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new IllegalStateException("a web user named " + user.name() + " already exists");
        }
    }
}
