package dev.opsbook.approval;

import dev.opsbook.runbook.Person;

/** Tells a person something needs them (an approval waiting too long). Chat adapters implement it later. */
@FunctionalInterface
public interface Notifier {
    void notify(Person person, String message);
}
