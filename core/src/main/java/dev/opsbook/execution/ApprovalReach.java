package dev.opsbook.execution;

import dev.opsbook.runbook.Person;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether the approvals a plan will ask for can ever be given: a step needing N approvals needs N
 * distinct approvers other than the requester (unless self-approval is allowed). A {@code @group}
 * entry may hold anyone, so a runbook naming a group is assumed reachable; a list of ids is counted.
 * Checked before anything runs, so nobody waits 30 minutes for approvers who do not exist.
 */
final class ApprovalReach {
    private ApprovalReach() {}

    /** {@code fresh} are steps that need at least one approval on this resume (see {@link ApprovalInterceptor}). */
    static List<String> problems(Plan plan, Set<String> fresh, String requester, boolean resume) {
        Runbook rb = plan.runbook();
        boolean groups = rb.approvers().stream().anyMatch(p -> p.id().startsWith("@"));
        Set<String> eligible = new LinkedHashSet<>();
        for (Person p : rb.approvers()) {
            if (!p.id().startsWith("@") && (rb.approval().allowSelfApproval() || !p.id().equals(requester))) {
                eligible.add(p.id());
            }
        }
        List<String> problems = new ArrayList<>();
        for (Step s : plan.allSteps()) {
            boolean isFresh = fresh.contains(s.id());
            int required = isFresh ? Math.max(1, s.approvals()) : s.approvals();
            if (required == 0 || groups || eligible.size() >= required) {
                continue;
            }
            String why = isFresh && s.approvals() == 0
                    ? "step " + s.id() + " was interrupted and is not idempotent, so resuming it needs a fresh approval"
                    : "step " + s.id() + " needs " + required + " approval(s)";
            String who = rb.approvers().isEmpty() ? "runbook " + rb.id() + " lists no approvers"
                    : "only " + eligible.size() + " listed approver(s) other than the requester " + requester
                    + " can give them (" + String.join(", ", rb.approvers().stream().map(Person::id).toList()) + ")";
            String fix = resume
                    ? "add approvers to the runbook's front matter (or set approval.allow_self_approval), or mark the step"
                    + " idempotent=true if re-running it is safe; a changed runbook cannot be resumed, so start a new run"
                    : "add approvers to the runbook's front matter (or set approval.allow_self_approval)";
            problems.add(why + ", but " + who + ": nobody could approve it; " + fix);
        }
        return problems;
    }
}
