package dev.opsbook.runbook;

import java.util.Locale;

/**
 * How serious a lint finding is. Errors make {@code opsbook lint} exit 1; so do warnings. An
 * {@code INFO} note (such as "docs-only: add id, service and owners to make it runnable") grades a
 * document's adoption and never fails lint.
 */
public enum Severity {
    ERROR, WARNING, INFO;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
