package dev.opsbook.execution;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Starts and resumes runs. Before anything runs a request is audited ({@code run.requested}), planned,
 * its parameters validated, its requester authorised, its secrets resolved and, for mutating plans,
 * the service lock taken; any failure is audited as {@code run.refused} and thrown as
 * {@link RunRefusedException}. Then {@link RunFlow} drives the steps through the chain
 * authorisation → approval → confirmation → retries → audit write-ahead → process. Calls block until
 * the run ends.
 */
public final class RunExecutor {
    private static final System.Logger LOG = System.getLogger(RunExecutor.class.getName());

    private final ExecutionPorts ports;
    private final ExecutionSettings settings;
    private final RunAuthorizer authorizer;
    private final RunFlow flow;
    private final List<ExecutionListener> listeners;
    private final Set<String> remoteRunners;

    public RunExecutor(ExecutionPorts ports, ExecutionSettings settings, StepRunner runner, List<ExecutionListener> listeners) {
        this(ports, settings, runner, listeners, Confirmation.NOBODY);
    }

    /** {@code confirmation} asks the runner for the text of steps with {@code confirm=}. */
    public RunExecutor(ExecutionPorts ports, ExecutionSettings settings, StepRunner runner, List<ExecutionListener> listeners,
                       Confirmation confirmation) {
        this(ports, settings, runner, List.of(), listeners, confirmation);
    }

    /** {@code remote} run the steps that name them with {@code runner=} (plans naming any other runner are refused). */
    public RunExecutor(ExecutionPorts ports, ExecutionSettings settings, StepRunner runner, List<RemoteRunner> remote,
                       List<ExecutionListener> listeners, Confirmation confirmation) {
        this.ports = ports;
        this.settings = settings;
        this.authorizer = new RunAuthorizer(ports.directory(), settings.configuredRunners());
        this.listeners = List.copyOf(listeners);
        this.flow = new RunFlow(List.of(new AuthorizationInterceptor(authorizer), new ApprovalInterceptor(),
                new ConfirmationInterceptor(confirmation), new RetryInterceptor(), new WriteAheadInterceptor(),
                new ProcessInterceptor(runner, remote)));
        this.remoteRunners = remote.stream().map(RemoteRunner::name).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The dry-run plan: nothing runs, nothing is stored. @throws PlanException for an unknown target or a cycle */
    public Plan plan(Runbook runbook, RunTarget target) {
        return Planner.plan(runbook, target);
    }

    public Run start(StartRun cmd) {
        Runbook rb = cmd.runbook();
        RunId id = cmd.runId().orElseGet(RunId::random);
        RunbookRef ref = new RunbookRef(rb.id(), rb.sha256(), cmd.gitCommit());
        AuditTrail audit = new AuditTrail(ports.audit(), ports.runs(), cmd.requester());
        Run draft = new Run(id, ref, rb.path(), rb.service(), cmd.target(), cmd.requester(),
                ParameterBinding.of(rb.parameters(), id, cmd.parameters()), List.of(), ports.clock().instant(), RunState.PENDING, Optional.empty(), "");
        audit.record(draft, AuditActions.RUN_REQUESTED, Optional.empty(), "requested", Optional.empty(), AuditTrail.target(draft));
        Plan plan;
        ResolvedParameters params;
        Map<String, String> secrets;
        try {
            plan = Planner.plan(rb, cmd.target());
            if (!PlanChecks.problems(plan, remoteRunners).isEmpty()) {
                throw new RunRefusedException(PlanChecks.problems(plan, remoteRunners));
            }
            params = ParameterValidator.validate(rb.parameters(), cmd.parameters());
            Optional<String> refusal = authorizer.refusal(cmd.requester(), rb).or(() -> RunAuthorizer.alertRefusal(cmd.requester(), plan));
            if (refusal.isPresent()) {
                throw new RunRefusedException(List.of(refusal.get()));
            }
            if (cmd.standingApproval().isPresent() && !StandingApproval.CONTROLLER.equals(cmd.requester())) {
                throw new RunRefusedException(List.of("only the failover controller may start a run with a standing approval"));
            }
            if (cmd.standingApproval().isEmpty()) {
                List<String> unreachable = ApprovalReach.problems(plan, Set.of(), cmd.requester().userId(), false);
                if (!unreachable.isEmpty()) {
                    throw new RunRefusedException(unreachable);
                }
            }
            secrets = resolveSecrets(plan);
        } catch (PlanException e) {
            throw refuse(audit, draft, List.of(e.getMessage()));
        } catch (ParameterException e) {
            throw refuse(audit, draft, e.problems());
        } catch (RunRefusedException e) {
            throw refuse(audit, draft, e.problems());
        }
        Run run = new Run(id, ref, rb.path(), rb.service(), cmd.target(), cmd.requester(), params.bound(id),
                plan.allSteps().stream().map(s -> StepExecution.pending(s.id())).toList(), draft.createdAt(),
                RunState.PENDING, Optional.empty(), "");
        try (RunStore.RunClaim claim = ports.runs().claim(id); Held lock = lock(plan, run, audit)) {
            ports.runs().create(run);
            return flow.drive(context(run, plan, params, secrets, cmd.requester(), audit, Set.of(), cmd.standingApproval()), false);
        }
    }

    public Run resume(ResumeRun cmd) {
        AuditTrail audit = new AuditTrail(ports.audit(), ports.runs(), cmd.driver());
        Run run = ports.runs().find(cmd.run()).orElseThrow(() ->
                new RunRefusedException(List.of("no run " + cmd.run() + " (see opsbook runs)")));
        List<String> problems = resumeProblems(run, cmd);
        Map<String, String> supplied = new LinkedHashMap<>();
        run.parameters().forEach((k, v) -> {
            if (cmd.runbook().parameter(k).map(p -> !p.secret()).orElse(false)) {
                supplied.put(k, v);
            }
        });
        supplied.putAll(cmd.parameters());
        Plan plan = null;
        ResolvedParameters params = null;
        Map<String, String> secrets = Map.of();
        Map<String, String> changes = Map.of();
        Set<String> fresh = new HashSet<>();
        try {
            plan = Planner.plan(cmd.runbook(), run.target());
            params = ParameterValidator.validate(cmd.runbook().parameters(), supplied);
            changes = ParameterBinding.changes(run.parameters(), params.bound(run.id()));
            fresh = freshApprovals(run, plan, !changes.isEmpty());
            authorizer.refusal(cmd.driver(), cmd.runbook()).ifPresent(problems::add);
            problems.addAll(ApprovalReach.problems(plan, fresh, run.requester().userId(), true));
            if (problems.isEmpty()) {
                secrets = resolveSecrets(plan);
            }
        } catch (PlanException e) {
            problems.add(e.getMessage());
        } catch (ParameterException e) {
            problems.addAll(e.problems().stream().map(p -> p + " (secret parameters are not stored: pass them again)").toList());
        } catch (RunRefusedException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw refuse(audit, run, problems);
        }
        try (RunStore.RunClaim claim = ports.runs().claim(run.id())) {
            // another resume may have driven the run between our read and our claim: only the stored state counts
            Run current = ports.runs().find(run.id()).orElseThrow();
            if (current.state() != RunState.INTERRUPTED) {
                throw refuse(audit, current, List.of("run " + run.id() + " is " + current.state().label()
                        + "; only interrupted runs can be resumed (another resume drove it)"));
            }
            run = current;
            try (Held lock = lock(plan, run, audit)) {
                if (!changes.isEmpty()) {
                    rebind(audit, run, params.bound(run.id()), changes);
                }
                for (StepExecution exec : run.steps()) {
                    if (exec.state() == StepState.INTERRUPTED) {
                        exec.moveTo(StepState.PENDING, ports.clock().instant());
                    }
                }
                return flow.drive(context(run, plan, params, secrets, cmd.driver(), audit, fresh, Optional.empty()), true);
            }
        }
    }

    private static List<String> resumeProblems(Run run, ResumeRun cmd) {
        List<String> problems = new ArrayList<>();
        if (run.state() != RunState.INTERRUPTED) {
            problems.add("run " + run.id() + " is " + run.state().label() + "; only interrupted runs can be resumed");
        }
        if (!run.runbook().sha256().equals(cmd.runbook().sha256())) {
            problems.add("runbook " + run.runbook().id() + " changed since run " + run.id()
                    + " started (SHA-256 differs); start a new run instead");
        }
        return problems;
    }

    /**
     * Interrupted steps that are not idempotent need a fresh approval; when the parameters changed, every
     * interrupted step does (approvals given for the old values do not carry over to the new ones).
     */
    private static Set<String> freshApprovals(Run run, Plan plan, boolean parametersChanged) {
        Set<String> fresh = new HashSet<>();
        for (StepExecution exec : run.steps()) {
            if (exec.state() == StepState.INTERRUPTED) {
                Step step = plan.step(exec.stepId()).orElseThrow();
                if (!step.idempotent() || parametersChanged) {
                    fresh.add(step.id());
                }
            }
        }
        return fresh;
    }

    /** Records the new values before anything runs with them: audited old → new, then stored. */
    private void rebind(AuditTrail audit, Run run, Map<String, String> bound, Map<String, String> changes) {
        Map<String, String> details = AuditTrail.target(run);
        changes.forEach((name, change) -> details.put("changed." + name, change));
        audit.record(run, bound, AuditActions.RUN_PARAMETERS_CHANGED, "changed", details);
        run.rebind(bound);
        ports.runs().saveParameters(run);
    }

    private RunContext context(Run run, Plan plan, ResolvedParameters params, Map<String, String> secrets, Actor driver,
                               AuditTrail audit, Set<String> fresh, Optional<StandingApproval> standing) {
        Path runDir = settings.runsDir().resolve(run.id().value());
        try {
            Files.createDirectories(settings.runsDir());
            if (!Files.exists(runDir)) {
                Files.createDirectory(runDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + runDir + ": " + e.getMessage(), e);
        }
        List<String> secretValues = new ArrayList<>(params.secretValues());
        secretValues.addAll(secrets.values());
        Redactor redactor = new Redactor(secretValues, settings.redactPatterns());
        return new RunContext(run, plan, params, secrets, driver, runDir, redactor, fresh, ports, settings, audit,
                event -> publish(audit, event), standing, this::tellListeners);
    }

    private void publish(AuditTrail audit, ExecutionEvent event) {
        audit.on(event);
        tellListeners(event);
    }

    private void tellListeners(ExecutionEvent event) {
        for (ExecutionListener l : listeners) {
            try {
                l.on(event);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "listener {0} failed on {1}: {2}", l.getClass().getSimpleName(),
                        event.getClass().getSimpleName(), e.toString());
            }
        }
    }

    private Map<String, String> resolveSecrets(Plan plan) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Step step : plan.allSteps()) {
            for (String name : step.secrets()) {
                Optional<String> value = ports.secrets().find(name);
                if (value.isPresent()) {
                    out.put(name, value.get());
                } else if (!missing.contains(name)) {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new RunRefusedException(missing.stream().map(n -> "secret " + n + " not found: set OPSBOOK_SECRET_"
                    + SecretProvider.envName(n) + " or put a file named " + n + " in the secrets directory").toList());
        }
        return out;
    }

    /** A held service lock, or nothing for plans that change nothing. */
    private interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private Held lock(Plan plan, Run run, AuditTrail audit) {
        if (!plan.mutating()) {
            return () -> { };
        }
        ServiceLocks.Acquisition a = ports.locks().tryAcquire(run.service(), run.id(), run.requester().userId());
        if (a instanceof ServiceLocks.Busy busy) {
            throw refuse(audit, run, List.of(busy.message()));
        }
        return ((ServiceLocks.Acquired) a).lock()::close;
    }

    private static RunRefusedException refuse(AuditTrail audit, Run run, List<String> problems) {
        Map<String, String> details = AuditTrail.target(run);
        details.put("reason", String.join("; ", problems));
        audit.record(run, AuditActions.RUN_REFUSED, Optional.empty(), "refused", Optional.empty(), details);
        return new RunRefusedException(problems);
    }
}
