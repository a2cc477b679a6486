package dev.opsbook.runbook;

import java.util.List;

/** The team that owns a service and the people in it who answer for this runbook. */
public record Owners(String team, List<Person> people) {
    public static final Owners NONE = new Owners("", List.of());

    public Owners {
        people = List.copyOf(people);
    }

    public boolean isEmpty() {
        return team.isBlank() && people.isEmpty();
    }
}
