package dev.opsbook.alert;

import dev.opsbook.runbook.Runbook;

/** The runbook an alert maps to and by which rule ({@code runbook_url}, {@code runbook label}, {@code alerts}, {@code service label}). */
public record RunbookMatch(Runbook runbook, String rule) {}
