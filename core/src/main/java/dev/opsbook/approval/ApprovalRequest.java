package dev.opsbook.approval;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A step waiting for approvals, with the policy it was opened under (so a vote cast from another
 * process needs no runbook): how many distinct approvals, who may approve (ids and {@code @group}s),
 * whether the requester may approve, and when it expires. {@code escalations} counts escalation
 * levels already notified. {@code parameters} (secret values as digests) and {@code runbookSha256} are what
 * the approvers approve: a run whose values differ needs a new request.
 */
public record ApprovalRequest(
        String runId,
        String stepId,
        String requester,
        int required,
        List<String> approvers,
        boolean allowSelfApproval,
        Instant requestedAt,
        Instant expiresAt,
        ApprovalStatus status,
        List<ApprovalVote> votes,
        int escalations,
        java.util.Map<String, String> parameters,
        String runbookSha256) {

    public ApprovalRequest {
        if (required < 1) {
            throw new IllegalArgumentException("an approval request needs at least one approval");
        }
        approvers = List.copyOf(approvers);
        votes = List.copyOf(votes);
        parameters = java.util.Map.copyOf(parameters);
    }

    /** What is approved, for people: {@code runbook sha256 ab12… with a=1, b=sha256:…}. */
    public String binding() {
        StringBuilder sb = new StringBuilder();
        new java.util.TreeSet<>(parameters.keySet()).forEach(k -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append('=')
                .append(parameters.get(k)));
        return "runbook sha256 " + runbookSha256 + " with " + (sb.isEmpty() ? "no parameters" : sb);
    }

    public ApprovalRequest withVote(ApprovalVote vote, ApprovalStatus newStatus) {
        List<ApprovalVote> all = new ArrayList<>(votes);
        all.add(vote);
        return new ApprovalRequest(runId, stepId, requester, required, approvers, allowSelfApproval, requestedAt,
                expiresAt, newStatus, all, escalations, parameters, runbookSha256);
    }

    public ApprovalRequest withStatus(ApprovalStatus newStatus) {
        return new ApprovalRequest(runId, stepId, requester, required, approvers, allowSelfApproval, requestedAt,
                expiresAt, newStatus, votes, escalations, parameters, runbookSha256);
    }

    public ApprovalRequest withEscalations(int count) {
        return new ApprovalRequest(runId, stepId, requester, required, approvers, allowSelfApproval, requestedAt,
                expiresAt, status, votes, count, parameters, runbookSha256);
    }

    public long approvals() {
        return votes.stream().filter(v -> v.decision() == Decision.APPROVE).map(v -> v.voter().userId()).distinct().count();
    }
}
