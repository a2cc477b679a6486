package dev.opsbook.chatops;

import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.AddLesson;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.FormPurpose;
import dev.opsbook.chat.HomePage;
import dev.opsbook.chat.SubmitForm;
import dev.opsbook.jdbc.JdbcStepConfirmations;
import dev.opsbook.chat.ShowTimeline;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunControl;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.RunbookSummaries;
import dev.opsbook.chat.StartDrill;
import dev.opsbook.chat.StartRun;
import dev.opsbook.chatops.RunbookCatalog.Lookup;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.GitCommit;
import dev.opsbook.execution.PlanException;
import dev.opsbook.execution.ResumeRun;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunAuthorizer;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.Rollbacks;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import dev.opsbook.watchdog.FailoverWatchdog;
import dev.opsbook.schedule.BackupListing;
import dev.opsbook.schedule.ScheduleListing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;

/**
 * Chat's {@link RunbookOperations} on the real engine: runbooks from the runbook directory, runs on
 * {@code runThreads} (one thread per run; {@link #start} waits only until the run is accepted or
 * refused, at most {@code acceptWait}), progress mirrored into the run's thread, votes through the
 * approval desk, history from the run store and the audit trail from the audit log. Chat users act
 * as their opsbook identity ({@code slack} platform, opsbook id, display name) in the audit log.
 */
public final class EngineRunbookOperations implements RunbookOperations {
    private final Engine engine;
    private final RunbookCatalog catalog;
    private final Directory directory;
    private final RunLaunches launches;
    private final ChatVotes votes;
    private final ChatDrills drills;
    private final Optional<FailoverWatchdog> failovers;
    private final ScheduleListing scheduleListing;
    private final StepConfirmations confirmations;
    /** How long a run started from chat waits at a {@code confirm=} step for the text before the step is cancelled. */
    static final Duration CONFIRMATION_WAIT = Duration.ofMinutes(15);
    private final ChatTimelines timelines;
    private final ChatHome home;

    public EngineRunbookOperations(Engine engine, Path runbooks, Directory directory, RunThreadMirror mirror,
                                   ChatGateway chat, Executor runThreads, Duration acceptWait) {
        this(engine, runbooks, directory, mirror, chat, runThreads, acceptWait, new Announcements(chat, List.of()),
                Optional.empty());
    }

    /**
     * {@code announcements} receives drill results (and other unprompted messages) for the alert channels;
     * {@code failovers} answers {@code /runbook failover} (without it the command says the controller is off).
     */
    public EngineRunbookOperations(Engine engine, Path runbooks, Directory directory, RunThreadMirror mirror,
                                   ChatGateway chat, Executor runThreads, Duration acceptWait, Announcements announcements,
                                   Optional<FailoverWatchdog> failovers) {
        this(engine, runbooks, directory, mirror, chat, runThreads, acceptWait, announcements, failovers, ChatContacts.NONE);
    }

    /** {@code contacts}: who escalation contacts are in chat, for direct messages and mentions. */
    public EngineRunbookOperations(Engine engine, Path runbooks, Directory directory, RunThreadMirror mirror,
                                   ChatGateway chat, Executor runThreads, Duration acceptWait, Announcements announcements,
                                   Optional<FailoverWatchdog> failovers, ChatContacts contacts) {
        this.failovers = failovers;
        this.engine = engine;
        this.catalog = new RunbookCatalog(runbooks);
        this.directory = directory;
        this.confirmations = new StepConfirmations(engine, catalog, directory, new JdbcStepConfirmations(engine.database().dataSource()));
        this.launches = new RunLaunches(engine, mirror, runThreads, acceptWait, new ChatConfirmations(
                new JdbcStepConfirmations(engine.database().dataSource()), mirror, engine.ports().clock(),
                CONFIRMATION_WAIT, Duration.ofMillis(500)), new EscalationNotices(contacts, chat));
        this.votes = new ChatVotes(engine, mirror, chat);
        this.drills = new ChatDrills(engine, catalog, mirror, announcements, runThreads, acceptWait);
        this.scheduleListing = new ScheduleListing(engine.database().dataSource(), engine.ports().clock());
        this.timelines = new ChatTimelines(engine.audit(), chat);
        this.home = new ChatHome(engine);
    }

    @Override
    public ChatMessage list(Optional<String> service, Requester requester) {
        if (!catalog.exists()) {
            return RunReplies.info("There is no runbook directory at `" + catalog.directory().toAbsolutePath().normalize()
                    + "` on the opsbook server. Set OPSBOOK_RUNBOOKS to it and restart.");
        }
        return RunbookSummaries.list(catalog.all(), service);
    }

    @Override
    public ChatMessage show(String runbookId, Requester requester) {
        return switch (catalog.find(runbookId)) {
            case Lookup.Found f -> RunbookSummaries.show(f.runbook());
            case Lookup.Refused r -> RunReplies.info("Cannot show `" + runbookId + "`: " + r.reason());
        };
    }

    @Override
    public ChatMessage start(StartRun cmd) {
        return launch(cmd).reply();
    }

    /** {@link #start} with the new run's id as data, for callers that go on with the run (the dashboard). */
    public RunStartAnswer launch(StartRun cmd) {
        return launch(cmd, !"web".equals(cmd.thread().platform()));
    }

    /**
     * {@code askForInput}: a run whose required parameters are missing, or whose secret parameters were not
     * given, is answered with a form for them instead of being refused (chat; the dashboard has its own form).
     */
    private RunStartAnswer launch(StartRun cmd, boolean askForInput) {
        String what = "Cannot " + (cmd.dryRun() ? "dry-run" : "run") + " `" + cmd.runbookId() + "`";
        if (!cmd.dryRun() && !launches.firstDelivery(cmd.deliveryId())) {
            return RunStartAnswer.without(RunReplies.info("This request was already received; it does not start a second run."));
        }
        Actor actor = actor(cmd.requester());
        Runbook rb;
        switch (catalog.find(cmd.runbookId())) {
            case Lookup.Refused r -> {
                return RunStartAnswer.without(RunReplies.refused(what, r.reason()));
            }
            case Lookup.Found f -> rb = f.runbook();
        }
        Optional<RunTarget> target = target(rb, cmd.target());
        if (target.isEmpty()) {
            return RunStartAnswer.without(RunReplies.refused(what, "name the procedure to run: "
                    + rb.procedures().stream().map(s -> "`" + s.slug() + "`").collect(Collectors.joining(", "))));
        }
        if (cmd.dryRun()) {
            try {
                return RunStartAnswer.without(RunReplies.plan(
                        engine.executor(List.of(), dev.opsbook.execution.Confirmation.NOBODY).plan(rb, target.get())));
            } catch (PlanException e) {
                return RunStartAnswer.without(RunReplies.refused(what, e.getMessage()));
            }
        }
        if (askForInput && RunInputs.missing(rb, cmd.params())) {
            return RunStartAnswer.without(RunInputs.ask(rb, cmd.target(), cmd.params()));
        }
        String commit = GitCommit.of(Path.of(rb.path()).toAbsolutePath());
        return launches.launch(what, cmd.thread(), rb, executor -> executor.start(
                new dev.opsbook.execution.StartRun(rb, commit, target.get(), cmd.params(), actor)));
    }

    /**
     * Why {@code requester} may not run {@code rb} (the same check {@link #launch} makes when the run starts), or empty
     * when they may: the dashboard offers "Run…" only to those it would not refuse.
     */
    public Optional<String> runRefusal(Requester requester, Runbook rb) {
        return new RunAuthorizer(directory, engine.settings().configuredRunners()).refusal(actor(requester), rb);
    }

    @Override
    public ChatMessage status(String runId, Requester requester) {
        return find(runId).map(RunReplies::status).orElseGet(() -> RunReplies.info("There is no run `" + runId + "`."));
    }

    @Override
    public ChatMessage control(RunControl cmd) {
        Actor actor = actor(cmd.requester());
        String what = "Cannot " + (cmd.kind() == RunControl.Kind.CANCEL ? "cancel" : "resume") + " run `" + cmd.runId() + "`";
        Optional<Run> found = find(cmd.runId());
        if (found.isEmpty()) {
            return RunReplies.refused(what, "there is no such run");
        }
        Run run = found.get();
        Runbook rb;
        switch (catalog.find(run.runbook().id())) {
            case Lookup.Refused r -> {
                return RunReplies.refused(what, r.reason());
            }
            case Lookup.Found f -> rb = f.runbook();
        }
        Optional<String> refusal = new RunAuthorizer(directory, engine.settings().configuredRunners()).refusal(actor, rb);
        if (refusal.isPresent() && !actor.userId().equals(run.requester().userId())) {
            return RunReplies.refused(what, refusal.get());
        }
        if (cmd.kind() == RunControl.Kind.RESUME) {
            return launches.launch(what, cmd.thread(), rb,
                    executor -> executor.resume(new ResumeRun(run.id(), rb, Map.of(), actor))).reply();
        }
        boolean here = launches.driving(cmd.runId());
        if (!here && !run.state().isActive()) {
            return RunReplies.refused(what, "it is " + run.state().label());
        }
        if (!here && !engine.runs().driven(run.id())) {
            return RunReplies.refused(what, "it is " + run.state().label() + " but no live opsbook server drives it;"
                    + " it is marked interrupted shortly (then resume it or leave it)");
        }
        engine.audit().append(new AuditEvent(actor, AuditActions.RUN_CANCELLED, Optional.of(cmd.runId()), Optional.empty(),
                Optional.of(run.runbook()), run.parameters(), "requested", Optional.empty(), Optional.empty(),
                here ? Map.of() : Map.of("via", "another opsbook replica")));
        if (here) {
            launches.cancel(cmd.runId());
        } else {
            engine.cancels().request(cmd.runId(), actor.userId(), engine.ports().clock().instant());
        }
        return RunReplies.info("Cancelling run `" + cmd.runId() + "`" + (here ? "" : " (driven by another opsbook replica)")
                + "; the thread shows when it has stopped.");
    }

    /**
     * Cancels the runs this server drives that were asked to be cancelled on another replica (call it
     * every few hundred milliseconds); returns how many.
     */
    public int applyCancelRequests() {
        return launches.applyCancelRequests();
    }

    /** A vote while the database does not answer is answered "… was not recorded: audit log unavailable …". */
    @Override
    public ChatMessage vote(CastVote cmd) {
        try {
            return votes.vote(cmd, actor(cmd.voter()), find(cmd.runId()));
        } catch (dev.opsbook.jdbc.DatabaseUnavailableException | dev.opsbook.audit.AuditUnavailableException e) {
            org.slf4j.LoggerFactory.getLogger(EngineRunbookOperations.class).warn("vote on run {} not recorded: {}", cmd.runId(),
                    e.getMessage());
            return RunReplies.refused("Your vote on run `" + cmd.runId() + "` was not recorded", engine.auditUnavailable()
                    .orElse("audit log unavailable (opsbook's database stopped answering)") + "; vote again when it answers");
        }
    }

    @Override
    public ChatMessage history(Optional<String> service, Requester requester) {
        List<Run> runs = engine.runs().recent(500).stream()
                .filter(r -> service.map(s -> s.equals(r.service())).orElse(true)).limit(15).toList();
        return RunReplies.history(runs, service.map(s -> "of " + s).orElse("of all services"));
    }

    @Override
    public ChatMessage audit(String runId, Requester requester) {
        List<RecordedEvent> events = new ArrayList<>();
        engine.audit().readRun(runId, events::add);
        return RunReplies.audit(runId, events);
    }

    /**
     * Rolls back finished run {@code runId} (from the dashboard): a new run of the rollback steps of its succeeded
     * steps, latest first, with its non-secret parameters, through the same runner checks, approvals and audit as
     * any run. A refusal before the run exists is audited as {@code run.refused} with details.rollback_of.
     */
    public RunStartAnswer rollBack(String runId, Requester requester, ChatThread thread) {
        Actor actor = actor(requester);
        String what = "Cannot roll back run `" + runId + "`";
        Optional<Run> found = find(runId);
        if (found.isEmpty()) {
            return RunStartAnswer.without(RunReplies.refused(what, "there is no such run"));
        }
        Run run = found.get();
        Runbook rb;
        switch (catalog.find(run.runbook().id())) {
            case Lookup.Refused r -> {
                return RunStartAnswer.without(RunReplies.refused(what, r.reason()));
            }
            case Lookup.Found f -> rb = f.runbook();
        }
        Optional<String> refusal = Rollbacks.refusal(run, rb);
        if (refusal.isPresent()) {
            engine.audit().append(new AuditEvent(actor, AuditActions.RUN_REFUSED, Optional.of(runId), Optional.empty(),
                    Optional.of(run.runbook()), run.parameters(), "refused", Optional.empty(), Optional.empty(),
                    Map.of("rollback_of", runId, "reason", refusal.get())));
            return RunStartAnswer.without(RunReplies.refused(what, refusal.get()));
        }
        Map<String, String> params = new java.util.LinkedHashMap<>(run.parameters());
        params.keySet().removeIf(k -> rb.parameter(k).map(p -> p.secret()).orElse(true)); // secrets are stored as digests
        String commit = GitCommit.of(Path.of(rb.path()).toAbsolutePath());
        return launches.launch(what, thread, rb, executor -> executor.start(
                new dev.opsbook.execution.StartRun(rb, commit, Rollbacks.of(run, rb).orElseThrow(), params, actor)));
    }

    // ---- schedules and backups (issue #6, schedules work) ----

    @Override
    public ChatMessage schedules(Optional<String> service, Requester requester) {
        return scheduleListing.list(catalog.all(), service);
    }

    @Override
    public ChatMessage backups(String service, Requester requester) {
        return BackupListing.list(engine.catalog().list(Optional.of(service)), service);
    }

    /** Starts runs for the scheduler on this server's run threads (so chat can cancel them); see {@link ScheduledStarts}. */
    public ScheduledStarts scheduledStarts() {
        return new ScheduledStarts(catalog, launches, Duration.ofSeconds(10));
    }

    // ---- drills (issue #6, drills work) ----

    @Override
    public ChatMessage drill(StartDrill command) {
        if (!launches.firstDelivery(command.deliveryId())) {
            return RunReplies.info("This request was already received; it does not start a second drill.");
        }
        return drills.drill(command, actor(command.requester()));
    }

    @Override
    public ChatMessage lesson(AddLesson command) {
        return drills.lesson(command, actor(command.requester()));
    }

    @Override
    public ChatMessage timeline(ShowTimeline command) {
        return timelines.timeline(command);
    }

    // ---- failover controller (issue #6, failover work) ----

    @Override
    public ChatMessage failover(Optional<String> service, Requester requester) {
        return failovers.map(f -> f.status(service)).orElseGet(() -> RunReplies.info(
                "The failover controller is off on this server (opsbook.failover.enabled=false)."));
    }

    // ---- chat forms: parameters and confirmations ----

    @Override
    public Optional<ChatForm> form(FormPurpose purpose, Requester requester) {
        return switch (purpose) {
            case FormPurpose.StartRunForm s -> catalog.find(s.runbookId()) instanceof Lookup.Found f && !f.runbook().parameters().isEmpty()
                    ? Optional.of(ChatForm.parameters(f.runbook(), s.target(), Map.of())) : Optional.empty();
            case FormPurpose.ConfirmStep c -> confirmations.form(c, find(c.runId()));
        };
    }

    @Override
    public ChatMessage submit(SubmitForm cmd) {
        return switch (cmd.purpose()) {
            case FormPurpose.StartRunForm s -> launch(new StartRun(s.runbookId(), s.target(), cmd.values(), false, cmd.requester(),
                    cmd.thread(), cmd.deliveryId()), false).reply();
            case FormPurpose.ConfirmStep c -> confirmations.confirm(c, cmd.values().getOrDefault("confirmation", ""),
                    actor(cmd.requester()), find(c.runId()));
        };
    }

    @Override
    public HomePage home(Requester requester) {
        return home.page(actor(requester));
    }

    /** The engine actor of a chat requester: platform, opsbook identity, display name. */
    private Actor actor(Requester requester) {
        return new Actor(requester.user().platform(), requester.identity().id(), requester.user().displayName());
    }

    private Optional<Run> find(String runId) {
        try {
            return engine.runs().find(new RunId(runId));
        } catch (IllegalArgumentException notARunId) {
            return Optional.empty();
        }
    }

    /** A step id names that step, anything else a procedure; without one, the runbook's only procedure. */
    private static Optional<RunTarget> target(Runbook rb, Optional<String> target) {
        if (target.isPresent()) {
            return Optional.of(rb.step(target.get()).isPresent() ? RunTarget.step(target.get()) : RunTarget.procedure(target.get()));
        }
        List<Section> procedures = rb.procedures();
        return procedures.size() == 1 ? Optional.of(RunTarget.procedure(procedures.getFirst().slug())) : Optional.empty();
    }
}
