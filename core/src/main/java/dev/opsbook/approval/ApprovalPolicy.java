package dev.opsbook.approval;

import java.time.Instant;
import java.util.Optional;

/**
 * The rules of a vote, without side effects. A vote is refused when the request is already decided,
 * has expired, the voter is not an approver, is the requester (unless self-approval is allowed), or
 * has already voted. One rejection decides the request; it is approved once {@code required}
 * distinct approvers have approved.
 */
public final class ApprovalPolicy {
    private final Directory directory;

    public ApprovalPolicy(Directory directory) {
        this.directory = directory;
    }

    /** The outcome: the updated request, or the reason the vote does not count. */
    public record Outcome(ApprovalRequest request, Optional<String> refusal) {
        public boolean counted() {
            return refusal.isEmpty();
        }
    }

    public Outcome vote(ApprovalRequest request, ApprovalVote vote, Instant now) {
        String voter = vote.voter().userId();
        if (request.status() != ApprovalStatus.OPEN) {
            return refused(request, "already decided (" + request.status().label() + ")");
        }
        if (!now.isBefore(request.expiresAt())) {
            return refused(request, "expired at " + request.expiresAt());
        }
        if (voter.equals(request.requester()) && !request.allowSelfApproval()) {
            return refused(request, "self-approval: " + voter + " requested this run (the runbook does not set approval.allow_self_approval)");
        }
        if (request.approvers().stream().noneMatch(entry -> directory.matches(voter, entry))) {
            boolean groups = request.approvers().stream().anyMatch(a -> a.startsWith("@"));
            return refused(request, "not an approver: " + voter + " is not in " + String.join(", ", request.approvers())
                    + (groups && !directory.managedIn().isEmpty() ? " (approvers are set by the runbook; group members"
                    + " are kept in " + directory.managedIn() + ")" : ""));
        }
        if (request.votes().stream().anyMatch(v -> v.voter().userId().equals(voter))) {
            return refused(request, "duplicate: " + voter + " has already voted");
        }
        if (vote.decision() == Decision.REJECT) {
            return new Outcome(request.withVote(vote, ApprovalStatus.REJECTED), Optional.empty());
        }
        ApprovalRequest updated = request.withVote(vote, ApprovalStatus.OPEN);
        return new Outcome(updated.approvals() >= request.required() ? updated.withStatus(ApprovalStatus.APPROVED) : updated,
                Optional.empty());
    }

    private static Outcome refused(ApprovalRequest request, String reason) {
        return new Outcome(request, Optional.of(reason));
    }
}
