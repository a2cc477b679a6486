package dev.opsbook.execution;

import dev.opsbook.runbook.Step;
import java.util.ArrayList;
import java.util.List;

/** What makes a valid plan unrunnable here: steps for another runner, approvals nobody can give. */
final class PlanChecks {
    private PlanChecks() {}

    static List<String> problems(Plan plan) {
        List<String> problems = new ArrayList<>();
        for (Step s : plan.allSteps()) {
            String runner = s.attributes().getOrDefault("runner", "local");
            if (!runner.equals("local")) {
                problems.add("step " + s.id() + " uses runner=" + runner + ", which this opsbook cannot run (only local)");
            }
            if (s.approvals() > 0 && plan.runbook().approvers().isEmpty()) {
                problems.add("step " + s.id() + " needs " + s.approvals()
                        + " approval(s) but the runbook lists no approvers: add approvers to its front matter");
            }
        }
        return problems;
    }
}
