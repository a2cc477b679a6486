package dev.opsbook.approval;

import java.util.Locale;

/** Where an approval request stands. Only {@code open} accepts votes. */
public enum ApprovalStatus {
    OPEN, APPROVED, REJECTED, EXPIRED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
