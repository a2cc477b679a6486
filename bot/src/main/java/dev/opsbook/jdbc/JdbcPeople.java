package dev.opsbook.jdbc;

import dev.opsbook.people.Member;
import dev.opsbook.people.PeopleSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The people and group memberships added at run time (the dashboard's People page, {@code opsbook users add}), in
 * the tables {@code person} and {@code group_member} (migration V13). Changes refuse clearly: an id that exists, an
 * account another person has.
 *
 * <p>Without a {@code maxAge} (the command line) it is read on every question. {@code serve} keeps the answer for
 * {@code maxAge} (a second): every chat command asks the directory who its sender is, and a burst of commands would
 * otherwise read both tables once each (the acknowledgement profile, docs/chat-setup.md). A change made through this
 * instance counts at once (it drops the kept answer); one made on another replica or with the command line counts
 * within {@code maxAge}.
 */
public final class JdbcPeople implements PeopleSource {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final Map<String, String> COLUMNS = Map.of("slack", "slack_user", "discord", "discord_user",
            "web", "web_login");
    private final DataSource dataSource;
    private final Clock clock;
    private final Duration maxAge;
    private final Object reading = new Object();
    private volatile Kept kept;
    /** Bumped by every change: an answer read while a change happened is not kept. */
    private final AtomicLong changes = new AtomicLong();

    private record Kept(List<Member> people, Instant readAt) {}

    /** Reads the database on every question. */
    public JdbcPeople(DataSource dataSource) {
        this(dataSource, Clock.systemUTC(), Duration.ZERO);
    }

    /** Keeps an answer for {@code maxAge} (see the class comment); changes through this instance drop it. */
    public JdbcPeople(DataSource dataSource, Clock clock, Duration maxAge) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public List<Member> people() {
        if (maxAge.isZero()) {
            return read();
        }
        Kept k = kept;
        if (k != null && fresh(k)) {
            return k.people();
        }
        synchronized (reading) { // one read for a burst of questions, not one each
            k = kept;
            if (k != null && fresh(k)) {
                return k.people();
            }
            long before = changes.get();
            Instant at = clock.instant();
            List<Member> people = List.copyOf(read());
            if (changes.get() == before) {
                kept = new Kept(people, at);
            }
            return people;
        }
    }

    private boolean fresh(Kept k) {
        Duration age = Duration.between(k.readAt(), clock.instant());
        return !age.isNegative() && age.compareTo(maxAge) < 0;
    }

    private List<Member> read() {
        return Transactions.run(dataSource, "read the people directory", c -> {
            Map<String, Map<String, String>> accounts = new LinkedHashMap<>();
            Map<String, Set<String>> groups = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT id, slack_user, discord_user, web_login FROM person ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Map<String, String> a = new HashMap<>();
                    put(a, "slack", r.getString(2));
                    put(a, "discord", r.getString(3));
                    put(a, "web", r.getString(4));
                    accounts.put(r.getString(1), a);
                }
            }
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT person_id, group_name FROM group_member ORDER BY person_id, group_name"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    groups.computeIfAbsent(r.getString(1), k -> new LinkedHashSet<>()).add(r.getString(2));
                    accounts.computeIfAbsent(r.getString(1), k -> new HashMap<>());
                }
            }
            List<Member> people = new ArrayList<>();
            accounts.forEach((id, a) -> people.add(new Member(id, a, groups.getOrDefault(id, Set.of()), describe())));
            return people;
        });
    }

    @Override
    public String describe() {
        return "the database";
    }

    /** Whether {@code id} has a row of its own (not only memberships). */
    public boolean exists(String id) {
        return Transactions.run(dataSource, "read person " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM person WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            }
        });
    }

    /**
     * Adds {@code person} (its accounts and groups) as added by {@code by}.
     *
     * @throws IllegalStateException when the id exists or another person has one of the accounts
     */
    public void add(Member person, String by, Instant at) {
        writeOrRefuse("add " + person.id(), c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO person (id, slack_user, discord_user, web_login, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING""")) {
                s.setString(1, person.id());
                s.setString(2, person.accounts().get("slack"));
                s.setString(3, person.accounts().get("discord"));
                s.setString(4, person.accounts().get("web"));
                s.setTimestamp(5, Timestamp.from(at));
                s.setString(6, by);
                if (s.executeUpdate() == 0) {
                    throw new IllegalStateException("a person with the id " + person.id() + " is already in the database");
                }
            }
            for (String g : person.groups()) {
                insertMember(c, g, person.id(), by, at);
            }
            return null;
        });
    }

    /** Sets the accounts of {@code id} (absent kinds are cleared); creates the row when only memberships existed. */
    public void setAccounts(String id, Map<String, String> accounts, String by, Instant at) {
        writeOrRefuse("change the accounts of " + id, c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO person (id, slack_user, discord_user, web_login, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET slack_user = excluded.slack_user, discord_user = excluded.discord_user,
                      web_login = excluded.web_login""")) {
                s.setString(1, id);
                s.setString(2, accounts.get("slack"));
                s.setString(3, accounts.get("discord"));
                s.setString(4, accounts.get("web"));
                s.setTimestamp(5, Timestamp.from(at));
                s.setString(6, by);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Removes {@code id} and their memberships from the database; returns whether there was anything to remove. */
    public boolean remove(String id) {
        return writeOrRefuse("remove " + id, c -> {
            int removed = 0;
            for (String sql : List.of("DELETE FROM group_member WHERE person_id = ?", "DELETE FROM person WHERE id = ?")) {
                try (PreparedStatement s = c.prepareStatement(sql)) {
                    s.setString(1, id);
                    removed += s.executeUpdate();
                }
            }
            return removed > 0;
        });
    }

    /** Adds {@code id} to {@code group}; returns false when they already were a member (in the database). */
    public boolean addMember(String group, String id, String by, Instant at) {
        return writeOrRefuse("add " + id + " to " + group, c -> insertMember(c, group, id, by, at));
    }

    /** Removes {@code id} from {@code group}; returns false when the database did not have that membership. */
    public boolean removeMember(String group, String id) {
        return writeOrRefuse("remove " + id + " from " + group, c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM group_member WHERE group_name = ? AND person_id = ?")) {
                s.setString(1, group);
                s.setString(2, id);
                return s.executeUpdate() > 0;
            }
        });
    }

    private static boolean insertMember(Connection c, String group, String id, String by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO group_member (group_name, person_id, added_at, added_by) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")) {
            s.setString(1, Member.group(group));
            s.setString(2, id);
            s.setTimestamp(3, Timestamp.from(at));
            s.setString(4, by);
            return s.executeUpdate() > 0;
        }
    }

    private <T> T write(String what, Transactions.Work<T> work) {
        try {
            return Transactions.run(dataSource, what, work);
        } finally {
            synchronized (reading) { // after a read in progress, which then does not keep its answer
                changes.incrementAndGet();
                kept = null;
            }
        }
    }

    private <T> T writeOrRefuse(String what, Transactions.Work<T> work) {
        try {
            return write(what, work);
        } catch (DatabaseUnavailableException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                String column = COLUMNS.entrySet().stream().filter(k -> String.valueOf(sql.getMessage()).contains(k.getValue()))
                        .map(Map.Entry::getKey).findFirst().orElse("an");
                throw new IllegalStateException("cannot " + what + ": that " + column
                        + " account already belongs to another person", e);
            }
            throw e;
        }
    }

    private static void put(Map<String, String> accounts, String platform, String value) {
        if (value != null && !value.isBlank()) {
            accounts.put(platform, value);
        }
    }
}
