package dev.opsbook.site.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A restore drill: how long the restore took against the RTO in force at the time. */
public record DrillRecord(String runId, Instant finished, Duration timeToRestore, Optional<Duration> rto, boolean metRto) {}
