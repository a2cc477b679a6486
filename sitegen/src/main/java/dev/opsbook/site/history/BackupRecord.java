package dev.opsbook.site.history;

import java.time.Instant;

/** A backup step that finished with {@code succeeded}. */
public record BackupRecord(String runId, String stepId, Instant finished) {}
