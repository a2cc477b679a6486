package dev.opsbook.execution;

import dev.opsbook.runbook.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What makes a valid plan unrunnable here: steps for another runner (approvals nobody can give: {@link ApprovalReach}). */
final class PlanChecks {
    private PlanChecks() {}

    /** {@code runners} are the {@code runner=} values this opsbook serves besides {@code local}. */
    static List<String> problems(Plan plan, Set<String> runners) {
        List<String> problems = new ArrayList<>();
        for (Step s : plan.allSteps()) {
            String runner = s.attributes().getOrDefault("runner", "local");
            if (!runner.equals("local") && !runners.contains(runner)) {
                problems.add("step " + s.id() + " uses runner=" + runner + ", which this opsbook cannot run (only local"
                        + runners.stream().sorted().map(r -> ", " + r).reduce("", String::concat) + ")");
            } else if (!runner.equals("local") && s.attributes().getOrDefault("image", "").isBlank()) {
                problems.add("step " + s.id() + " uses runner=" + runner + " but names no image: add image=...");
            }
        }
        return problems;
    }
}
