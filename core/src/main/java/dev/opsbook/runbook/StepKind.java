package dev.opsbook.runbook;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a step does. Mutating kinds take the per-service lock and, by policy, need approvals. */
public enum StepKind {
    BACKUP, RESTORE, VALIDATE, FAILOVER, ROLLBACK, CHECK, SHELL;

    /** Backup, restore, failover and rollback change a service's data or topology. */
    public boolean isMutating() {
        return this == BACKUP || this == RESTORE || this == FAILOVER || this == ROLLBACK;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<StepKind> parse(String text) {
        return Arrays.stream(values()).filter(k -> k.label().equals(text)).findFirst();
    }
}
