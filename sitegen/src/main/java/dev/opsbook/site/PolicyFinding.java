package dev.opsbook.site;

import dev.opsbook.runbook.Severity;

/** A readiness problem found from the runbook's declarations and its run history (not from its syntax). */
record PolicyFinding(String rule, Severity severity, String message) {}
