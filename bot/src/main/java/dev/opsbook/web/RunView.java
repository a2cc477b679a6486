package dev.opsbook.web;

import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunState;
import dev.opsbook.execution.StepExecution;
import dev.opsbook.execution.StepState;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run as the run page shows it (and its event stream sends as {@code state}): state, steps with their states,
 * the open approval and which actions make sense now. Built from the run store, so it is the same on every replica.
 */
final class RunView {
    private RunView() {}

    static Map<String, Object> of(Run run, Optional<Runbook> runbook, Optional<ApprovalRequest> open, boolean rollbackable) {
        RunState state = run.state();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", run.id().value());
        v.put("runbook", run.runbook().id());
        v.put("runbook_title", runbook.map(Runbook::title).orElse(run.runbook().id()));
        v.put("service", run.service());
        v.put("target", run.target().describe());
        v.put("state", state.label());
        v.put("state_label", state.label().replace('_', ' '));
        v.put("state_class", css(state));
        v.put("active", state.isActive());
        v.put("final", state.isFinal());
        v.put("message", run.message());
        v.put("requester", run.requester().userId() + " (" + run.requester().platform() + ")");
        v.put("created", run.createdAt().toString());
        v.put("finished", run.finishedAt().map(Object::toString).orElse(""));
        v.put("git_commit", run.runbook().gitCommit());
        v.put("has_parameters", !run.parameters().isEmpty());
        v.put("parameters", run.parameters().entrySet().stream()
                .map(e -> Map.of("name", e.getKey(), "value", e.getValue())).toList());
        List<Map<String, Object>> steps = new ArrayList<>();
        java.util.Set<String> standby = new java.util.HashSet<>();
        if (run.target().rollback().isEmpty()) {
            run.steps().forEach(s -> runbook.flatMap(rb -> rb.step(s.stepId())).flatMap(Step::rollback).ifPresent(standby::add));
        }
        for (StepExecution s : run.steps()) {
            Optional<Step> step = runbook.flatMap(rb -> rb.step(s.stepId()));
            Map<String, Object> sv = new LinkedHashMap<>();
            sv.put("id", s.stepId());
            sv.put("kind", step.map(x -> x.kind().label()).orElse(""));
            sv.put("section", step.map(Step::section).orElse(""));
            sv.put("state", s.state().label());
            boolean waiting = standby.contains(s.stepId()) && (s.state() == StepState.PENDING || s.state() == StepState.SKIPPED);
            sv.put("label", waiting ? (state.isFinal() ? "not needed (rollback)" : "standby: runs only if a step fails")
                    : s.state().label().replace('_', ' ') + s.exitCode().map(x -> " · exit " + x).orElse("")
                    + (s.attempts() > 1 ? " · attempt " + s.attempts() : ""));
            sv.put("state_class", s.state().label().replace('_', '-'));
            sv.put("attempts", s.attempts());
            sv.put("exit", s.exitCode().map(String::valueOf).orElse(""));
            sv.put("message", s.message());
            steps.add(sv);
        }
        v.put("steps", steps);
        open.ifPresent(r -> {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("step", r.stepId());
            a.put("approvals", r.approvals());
            a.put("required", r.required());
            a.put("approvers", String.join(", ", r.approvers()));
            a.put("expires", r.expiresAt().toString());
            v.put("approval", a);
        });
        v.put("can_vote", open.isPresent() && state == RunState.AWAITING_APPROVAL);
        v.put("can_cancel", state.isActive());
        v.put("can_roll_back", rollbackable);
        return v;
    }

    private static String css(RunState state) {
        return switch (state) {
            case SUCCEEDED -> "ok";
            case RUNNING, PENDING -> "running";
            case AWAITING_APPROVAL, INTERRUPTED -> "warn";
            default -> "bad";
        };
    }
}
