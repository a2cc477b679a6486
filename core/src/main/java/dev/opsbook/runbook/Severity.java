package dev.opsbook.runbook;

import java.util.Locale;

/** How serious a lint finding is. Errors make {@code opsbook lint} exit 1; so do warnings. */
public enum Severity {
    ERROR, WARNING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
