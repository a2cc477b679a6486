package dev.opsbook.approval;

import dev.opsbook.audit.Actor;
import java.time.Instant;

/** One counted vote. {@code reason} is optional free text ("" when none), mostly for rejections. */
public record ApprovalVote(Actor voter, Decision decision, String reason, Instant at) {}
