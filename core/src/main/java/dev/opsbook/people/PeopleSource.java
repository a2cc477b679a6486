package dev.opsbook.people;

import java.util.List;

/**
 * Where the directory reads people from: {@code people.yaml}, the legacy {@code groups.properties}, the database,
 * or configuration. Contract: {@link #people()} returns the current entries (a file source re-reads its file when it
 * changed) and never fails once it has answered; a source that cannot read keeps its last good answer and says why
 * in {@link #problem()}. The list is not changed afterwards: a source answers the same list object again while its
 * entries are unchanged (the directory then reuses its merge) or a new list.
 */
public interface PeopleSource {
    List<Member> people();

    /** Where this source lives, for people and for refusals: {@code .opsbook/people.yaml}, {@code the database}. */
    String describe();

    /** Why the last read failed (the last good entries are still used), if it did. */
    default java.util.Optional<String> problem() {
        return java.util.Optional.empty();
    }
}
