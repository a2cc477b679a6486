package dev.opsbook.approval;

import java.util.Locale;

/** What an approver says. */
public enum Decision {
    APPROVE, REJECT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
