package dev.opsbook.runbook;

import java.time.Duration;

/** One level of the escalation chain: who is notified after {@code after} of waiting. */
public record EscalationLevel(Person who, Duration after) {}
