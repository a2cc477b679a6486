package dev.opsbook.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApprovalPolicyTest {
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    final ApprovalPolicy policy = new ApprovalPolicy(Directory.of(Map.of("dba", Set.of("dora", "alice"))));

    static ApprovalRequest request(int required, boolean allowSelf) {
        return new ApprovalRequest("r-1", "restore", "alice", required, List.of("bob", "carol", "@dba"), allowSelf,
                T0, T0.plus(Duration.ofMinutes(30)), ApprovalStatus.OPEN, List.of(), 0, Map.of("target", "db1"), "ab".repeat(32));
    }

    static ApprovalVote vote(String who, Decision d) {
        return new ApprovalVote(new Actor("cli", who, who), d, "", T0.plusSeconds(60));
    }

    ApprovalPolicy.Outcome cast(ApprovalRequest r, String who, Decision d) {
        return policy.vote(r, vote(who, d), T0.plusSeconds(60));
    }

    @Test
    void anApproverCountsAndNDistinctApprovalsApprove() {
        ApprovalPolicy.Outcome first = cast(request(2, false), "bob", Decision.APPROVE);
        assertThat(first.counted()).isTrue();
        assertThat(first.request().status()).isEqualTo(ApprovalStatus.OPEN);
        assertThat(first.request().approvals()).isEqualTo(1);
        ApprovalPolicy.Outcome second = cast(first.request(), "carol", Decision.APPROVE);
        assertThat(second.request().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aGroupMemberIsAnApprover() {
        assertThat(cast(request(1, false), "dora", Decision.APPROVE).request().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aNonApproverIsRefused() {
        ApprovalPolicy.Outcome o = cast(request(1, false), "mallory", Decision.APPROVE);
        assertThat(o.refusal()).contains("not an approver: mallory is not in bob, carol, @dba");
        assertThat(o.request()).isEqualTo(request(1, false));
    }

    @Test
    void theRequesterCannotApproveTheirOwnRunUnlessAllowed() {
        assertThat(cast(request(1, false), "alice", Decision.APPROVE).refusal())
                .contains("self-approval: alice requested this run (the runbook does not set approval.allow_self_approval)");
        assertThat(cast(request(1, true), "alice", Decision.APPROVE).request().status()).isEqualTo(ApprovalStatus.APPROVED);
    }

    @Test
    void aSecondVoteBySameApproverCountsOnce() {
        ApprovalRequest once = cast(request(2, false), "bob", Decision.APPROVE).request();
        ApprovalPolicy.Outcome twice = cast(once, "bob", Decision.APPROVE);
        assertThat(twice.refusal()).contains("duplicate: bob has already voted");
        assertThat(twice.request().approvals()).isEqualTo(1);
        assertThat(twice.request().status()).isEqualTo(ApprovalStatus.OPEN);
    }

    @Test
    void oneRejectionVetoes() {
        ApprovalRequest one = cast(request(2, false), "bob", Decision.APPROVE).request();
        ApprovalPolicy.Outcome o = cast(one, "carol", Decision.REJECT);
        assertThat(o.counted()).isTrue();
        assertThat(o.request().status()).isEqualTo(ApprovalStatus.REJECTED);
    }

    @Test
    void votesAfterExpiryAreRefused() {
        ApprovalPolicy.Outcome o = policy.vote(request(1, false), vote("bob", Decision.APPROVE), T0.plus(Duration.ofMinutes(30)));
        assertThat(o.refusal()).contains("expired at 2026-11-25T10:30:00Z");
    }

    @Test
    void lateVotesOnADecidedRequestAreRefused() {
        ApprovalRequest approved = cast(request(1, false), "bob", Decision.APPROVE).request();
        assertThat(cast(approved, "carol", Decision.REJECT).refusal()).contains("already decided (approved)");
        ApprovalRequest rejected = cast(request(1, false), "bob", Decision.REJECT).request();
        assertThat(cast(rejected, "carol", Decision.APPROVE).refusal()).contains("already decided (rejected)");
    }
}
