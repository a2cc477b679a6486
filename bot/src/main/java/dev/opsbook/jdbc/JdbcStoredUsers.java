package dev.opsbook.jdbc;

import dev.opsbook.web.StoredUsers;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link StoredUsers} in the {@code web_user} table (migration V9); their groups in {@code group_member} (V13). */
public final class JdbcStoredUsers implements StoredUsers {
    private final DataSource dataSource;

    public JdbcStoredUsers(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<StoredUser> find(String name) {
        return Transactions.run(dataSource, "read web user " + name, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT name, password_hash, ARRAY(SELECT group_name FROM group_member WHERE person_id = name ORDER BY 1),"
                            + " created_at, created_by FROM web_user WHERE name = ?")) {
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
                    INSERT INTO web_user (name, password_hash, created_at, created_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO NOTHING""")) {
                s.setString(1, user.name());
                s.setString(2, user.passwordHash());
                s.setTimestamp(3, Timestamp.from(user.createdAt()));
                s.setString(4, user.createdBy());
                if (s.executeUpdate() == 0) {
                    return 0;
                }
            }
            // the user's groups belong to the people directory (migration V13), like everyone else's
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO group_member (group_name, person_id, added_at, added_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                for (String group : user.groups()) {
                    s.setString(1, group);
                    s.setString(2, user.name());
                    s.setTimestamp(3, Timestamp.from(user.createdAt()));
                    s.setString(4, user.createdBy());
                    s.addBatch();
                }
                s.executeBatch();
            }
            return 1;
        });
        if (inserted == 0) {
            throw new IllegalStateException("a web user named " + user.name() + " already exists");
        }
    }
}
