package dev.opsbook.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Web sign-in users opsbook keeps itself (the admin generated on first start, {@code opsbook users add}). Only
 * password hashes in {@code {id}hash} form are stored; {@link #add} refuses a name that exists.
 */
public interface StoredUsers {

    /** A stored user: name, {@code {bcrypt}…} hash, groups (without {@code @}), when and by whom it was added. */
    record StoredUser(String name, String passwordHash, List<String> groups, Instant createdAt, String createdBy) {
        public StoredUser {
            if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}")) {
                throw new IllegalArgumentException("a user name is 1-64 letters, digits, '.', '_', '-' or '@', got \"" + name + "\"");
            }
            if (passwordHash == null || !passwordHash.startsWith("{")) {
                throw new IllegalArgumentException("a stored password must be a hash with its {id} prefix, e.g. {bcrypt}…");
            }
            groups = List.copyOf(groups);
        }
    }

    Optional<StoredUser> find(String name);

    long count();

    /** @throws IllegalStateException when a user of that name exists */
    void add(StoredUser user);
}
