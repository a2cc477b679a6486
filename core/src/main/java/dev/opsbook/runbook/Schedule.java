package dev.opsbook.runbook;

/** A cron schedule (Quartz syntax) in a time zone that runs a procedure or step of the runbook. */
public record Schedule(String cron, String timeZone, String target, SourcePosition position) {}
