package dev.opsbook.runbook.internal;

import dev.opsbook.runbook.Schedule;
import dev.opsbook.runbook.Section;
import dev.opsbook.runbook.Step;
import dev.opsbook.runbook.StepKind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks across steps: references, cycles, approvals and interpreters. */
final class StepRules {
    private final Findings findings;
    private final Positions positions;

    StepRules(Findings findings, Positions positions) {
        this.findings = findings;
        this.positions = positions;
    }

    void check(List<Step> steps, boolean requireApprovals, boolean checkInterpreters) {
        Map<String, Step> byId = steps.stream().collect(Collectors.toMap(Step::id, s -> s, (a, b) -> a));
        for (Step s : steps) {
            String path = "steps/" + s.id();
            s.rollback().filter(r -> !byId.containsKey(r)).ifPresent(r -> unknown(path + "/rollback", "rollback", r, byId));
            s.requires().stream().filter(r -> !byId.containsKey(r)).forEach(r -> unknown(path + "/requires", "requires", r, byId));
            if (requireApprovals && s.approvals() == 0 && (s.kind() == StepKind.RESTORE || s.kind() == StepKind.FAILOVER)) {
                findings.at(positions.get(path + "/kind"), Rule.MISSING_APPROVALS, s.kind().label() + " step '" + s.id()
                        + "' needs approval: add approvals=1 (or more), or set approval.require_for_destructive: false "
                        + "in the front matter if this runbook is exempt");
            }
            if (s.interpreter().isBlank()) {
                findings.at(s.position(), Rule.NO_INTERPRETER, "step '" + s.id() + "' is written in "
                        + (s.language().isEmpty() ? "no language" : "'" + s.language() + "'")
                        + ", which has no default interpreter: add interpreter=... or use one of "
                        + String.join(", ", StepReader.DEFAULT_INTERPRETERS.keySet().stream().sorted().toList()));
            } else if (checkInterpreters && !onPath(s.interpreter())) {
                findings.at(s.position(), Rule.INTERPRETER_NOT_FOUND, "step '" + s.id() + "' runs with '"
                        + s.interpreter() + "', which is not on this machine's PATH: install it or fix interpreter=");
            }
        }
        cycles(steps, byId);
    }

    void checkSchedules(List<Schedule> schedules, List<Section> sections, List<Step> steps) {
        for (int i = 0; i < schedules.size(); i++) {
            String run = schedules.get(i).target();
            if (run.isEmpty() || run.equals("drill")) { // `run: drill` schedules a drill (docs/schedules.md)
                continue;
            }
            boolean found = steps.stream().anyMatch(s -> s.id().equals(run)) || sections.stream()
                    .anyMatch(s -> s.isProcedure() && (s.slug().equals(run) || s.title().equalsIgnoreCase(run)));
            if (!found) {
                findings.at(positions.get("schedules/" + i + "/run"), Rule.UNKNOWN_STEP, "schedule " + (i + 1)
                        + " runs '" + run + "', which is neither a step id nor a heading with steps: use one of "
                        + String.join(", ", targets(sections, steps)));
            }
        }
    }

    private static List<String> targets(List<Section> sections, List<Step> steps) {
        List<String> out = new ArrayList<>();
        sections.stream().filter(Section::isProcedure).forEach(s -> out.add(s.slug()));
        steps.forEach(s -> out.add(s.id()));
        return out.isEmpty() ? List.of("(this runbook has no steps)") : out;
    }

    private void unknown(String path, String attribute, String target, Map<String, Step> byId) {
        findings.at(positions.get(path), Rule.UNKNOWN_STEP, attribute + " names step '" + target
                + "', which this runbook does not have" + YamlTree.nearest(target, byId.keySet())
                .map(s -> ": did you mean '" + s + "'?").orElse(": use the id of a step in this file"));
    }

    private void cycles(List<Step> steps, Map<String, Step> byId) {
        Map<String, Integer> state = new HashMap<>();
        for (Step s : steps) {
            visit(s, byId, state, new ArrayList<>());
        }
    }

    /** Depth-first search; state 1 = on the current path, 2 = done. Reports each cycle once. */
    private void visit(Step s, Map<String, Step> byId, Map<String, Integer> state, List<String> trail) {
        Integer st = state.get(s.id());
        if (st != null && st == 2) {
            return;
        }
        if (st != null) {
            List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(s.id()), trail.size()));
            cycle.add(s.id());
            findings.at(positions.get("steps/" + s.id() + "/requires"), Rule.REQUIRES_CYCLE, "steps require each other in "
                    + "a cycle (" + String.join(" -> ", cycle) + "): remove one of these requires");
            return;
        }
        state.put(s.id(), 1);
        trail.add(s.id());
        for (String r : s.requires()) {
            Step next = byId.get(r);
            if (next != null) {
                visit(next, byId, state, trail);
            }
        }
        trail.remove(trail.size() - 1);
        state.put(s.id(), 2);
    }

    private static boolean onPath(String interpreter) {
        String command = interpreter.strip().split("\\s+")[0];
        if (command.contains("/")) {
            try {
                return Files.isExecutable(Path.of(command));
            } catch (java.nio.file.InvalidPathException e) {
                return false;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        try {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                    return true;
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
        return false;
    }
}
