package dev.opsbook.runbook;

import java.time.Duration;

/**
 * A runbook's approval rules (front matter {@code approval:}): how long a request stays open,
 * whether a requester may approve their own run, and whether failover and restore steps must
 * declare approvals (the policy default is yes).
 */
public record ApprovalSettings(Duration expiry, boolean allowSelfApproval, boolean requireForDestructive) {
    public static final Duration DEFAULT_EXPIRY = Duration.ofMinutes(30);
    public static final ApprovalSettings DEFAULTS = new ApprovalSettings(DEFAULT_EXPIRY, false, true);
}
