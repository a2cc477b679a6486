package dev.opsbook.runbook;

import java.util.Map;

/**
 * Someone named in a runbook: an owner, approver, runner or escalation contact.
 * {@code id} is the opsbook identity (or group, written {@code @group}); {@code handles} maps a
 * chat platform ({@code slack}, {@code discord}, {@code email}) to that person's handle there.
 */
public record Person(String id, String name, Map<String, String> handles) {
    public Person {
        handles = Map.copyOf(handles);
    }

    public static Person of(String id) {
        return new Person(id, id, Map.of());
    }

    public boolean isGroup() {
        return id.startsWith("@");
    }
}
