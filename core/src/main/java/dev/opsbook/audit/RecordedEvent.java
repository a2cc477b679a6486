package dev.opsbook.audit;

import java.time.Instant;

/** An event as stored: its place in the chain, when it was written, and the chain hashes. */
public record RecordedEvent(long sequence, Instant time, AuditEvent event, String previousHash, String hash) {}
