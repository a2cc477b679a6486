package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.RunbookRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One execution of a runbook procedure or step. State changes only through {@link #moveTo}, which
 * refuses illegal moves. {@code parameters} is the bound view ({@link ParameterBinding}: secret values
 * replaced by digests, or {@code ***} for runs recorded before digests were kept): safe to store, print
 * and audit. It changes only when a resume is given other values ({@link #rebind}).
 */
public final class Run {
    public static final String REDACTED = "***";

    private final RunId id;
    private final RunbookRef runbook;
    private final String runbookPath;
    private final String service;
    private final RunTarget target;
    private final Actor requester;
    private Map<String, String> parameters;
    private final List<StepExecution> steps;
    private final Map<String, StepExecution> byId = new java.util.HashMap<>();
    private final Instant createdAt;
    private RunState state;
    private Optional<Instant> finishedAt;
    private String message;

    public Run(RunId id, RunbookRef runbook, String runbookPath, String service, RunTarget target, Actor requester,
               Map<String, String> parameters, List<StepExecution> steps, Instant createdAt, RunState state,
               Optional<Instant> finishedAt, String message) {
        this.id = id;
        this.runbook = runbook;
        this.runbookPath = runbookPath;
        this.service = service;
        this.target = target;
        this.requester = requester;
        this.parameters = Map.copyOf(parameters);
        this.steps = List.copyOf(steps);
        for (StepExecution s : this.steps) {
            byId.putIfAbsent(s.stepId(), s);
        }
        this.createdAt = createdAt;
        this.state = state;
        this.finishedAt = finishedAt;
        this.message = message;
    }

    /**
     * Moves the run to {@code target}; {@code why} explains final states ("step restore failed: exit 3").
     *
     * @throws IllegalStateException naming the run, from and to, when the move is not allowed
     */
    public synchronized void moveTo(RunState target, Instant now, String why) {
        if (!state.canMoveTo(target)) {
            throw new IllegalStateException("run " + id + ": cannot move from " + state.label() + " to "
                    + target.label());
        }
        state = target;
        message = why;
        finishedAt = target.isFinal() || target == RunState.INTERRUPTED ? Optional.of(now) : Optional.empty();
    }

    /** The values the rest of the run uses, after a resume changed them (audited as {@code run.parameters_changed}). */
    public synchronized void rebind(Map<String, String> bound) {
        parameters = Map.copyOf(bound);
    }

    public StepExecution step(String stepId) {
        StepExecution s = byId.get(stepId);
        if (s == null) {
            throw new IllegalArgumentException("run " + id + " has no step " + stepId);
        }
        return s;
    }

    public RunId id() { return id; }
    public RunbookRef runbook() { return runbook; }
    public String runbookPath() { return runbookPath; }
    public String service() { return service; }
    public RunTarget target() { return target; }
    public Actor requester() { return requester; }
    public synchronized Map<String, String> parameters() { return parameters; }
    public List<StepExecution> steps() { return steps; }
    public Instant createdAt() { return createdAt; }
    public synchronized RunState state() { return state; }
    public synchronized Optional<Instant> finishedAt() { return finishedAt; }
    public synchronized String message() { return message; }
}
