package dev.opsbook.chat;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * The one entry point chat adapters call: parses {@code /runbook} text, resolves who is asking and
 * dispatches to {@link RunbookOperations}. Contract: always returns a reply, never throws and is
 * never silent — malformed input gets a usage reply, an operation failure a short apology (the
 * cause goes to the log, not to the channel, since it may carry details that do not belong there).
 */
public final class CommandRouter {
    private static final System.Logger LOG = System.getLogger(CommandRouter.class.getName());

    private final RunbookOperations operations;
    private final IdentityDirectory identities;

    public CommandRouter(RunbookOperations operations, IdentityDirectory identities) {
        this.operations = operations;
        this.identities = identities;
    }

    /**
     * Handles the text typed after {@code /runbook} by {@code user} in {@code thread};
     * {@code deliveryId} names the platform delivery (Slack trigger id, Discord interaction id).
     */
    public ChatMessage handle(String text, ChatUser user, ChatThread thread, String deliveryId) {
        ChatCommand command;
        try {
            command = CommandParser.parse(text);
        } catch (CommandSyntaxException e) {
            return Usage.invalid(e.getMessage());
        }
        Requester requester = new Requester(user, identities.identify(user));
        return guarded(verbOf(command), () -> dispatch(command, requester, thread, deliveryId));
    }

    /** A vote from a button or a reaction on an approval request. */
    public ChatMessage vote(ApprovalAction action, ChatUser voter, ChatThread thread, CastVote.Source source) {
        Requester requester = new Requester(voter, identities.identify(voter));
        CastVote vote = new CastVote(action.runId(), Optional.of(action.stepId()), action.decision(),
                Optional.empty(), requester, thread, source);
        return guarded("vote", () -> operations.vote(vote));
    }

    /** The home page of {@code user} (Slack's App Home); a failure is a page that says so, never an exception. */
    public HomePage home(ChatUser user) {
        Requester requester = new Requester(user, identities.identify(user));
        try {
            return operations.home(requester);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "building the home page of " + user.key() + " failed", e);
            return new HomePage(Optional.of(ChatMessage.builder("opsbook could not read its runs for this page;"
                    + " the error is in the opsbook server log.").status(ChatStatus.FAILED).build()), java.util.List.of());
        }
    }

    /** Cancels run {@code runId} from a button (the App Home's Cancel), as {@code /runbook cancel RUN} would. */
    public ChatMessage cancel(String runId, ChatUser user, ChatThread thread) {
        Requester requester = new Requester(user, identities.identify(user));
        return guarded("cancel", () -> operations.control(new RunControl(RunControl.Kind.CANCEL, runId, requester, thread)));
    }

    /** The form behind a button ({@link FormPurpose#value()}); empty when the value is unreadable or the form gone. */
    public Optional<ChatForm> form(String purpose, ChatUser user) {
        Optional<FormPurpose> parsed = FormPurpose.parse(purpose);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Requester requester = new Requester(user, identities.identify(user));
        try {
            return operations.form(parsed.get(), requester);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "building the chat form " + parsed.get().value() + " failed", e);
            return Optional.empty();
        }
    }

    /** A submitted form ({@code purpose} as carried by the platform); values may be secrets and are never logged. */
    public ChatMessage submit(String purpose, java.util.Map<String, String> values, ChatUser user, ChatThread thread,
                              String deliveryId) {
        Optional<FormPurpose> parsed = FormPurpose.parse(purpose);
        if (parsed.isEmpty()) {
            return ChatMessage.builder("This form is not one opsbook knows; nothing was done.").status(ChatStatus.FAILED).build();
        }
        Requester requester = new Requester(user, identities.identify(user));
        return guarded("form", () -> operations.submit(new SubmitForm(parsed.get(), values, requester, thread, deliveryId)));
    }

    private ChatMessage dispatch(ChatCommand command, Requester requester, ChatThread thread, String deliveryId) {
        return switch (command) {
            case ChatCommand.Help h -> Usage.help();
            case ChatCommand.ListRunbooks l -> operations.list(l.service(), requester);
            case ChatCommand.Show s -> operations.show(s.runbookId(), requester);
            case ChatCommand.Run r -> operations.start(new StartRun(r.runbookId(), r.target(), r.params(),
                    r.dryRun(), requester, thread, deliveryId));
            case ChatCommand.Status s -> operations.status(s.runId(), requester);
            case ChatCommand.Control c -> operations.control(new RunControl(c.kind(), c.runId(), requester, thread));
            case ChatCommand.Vote v -> operations.vote(new CastVote(v.runId(), Optional.empty(), v.decision(),
                    v.reason(), requester, thread, CastVote.Source.COMMAND));
            case ChatCommand.History h -> operations.history(h.service(), requester);
            case ChatCommand.Audit a -> operations.audit(a.runId(), requester);
            case ChatCommand.Schedules s -> operations.schedules(s.service(), requester);
            case ChatCommand.Backups b -> operations.backups(b.service(), requester);
            case ChatCommand.Drill d -> operations.drill(new StartDrill(d.runbookId(), d.params(), requester, thread, deliveryId));
            case ChatCommand.Lesson l -> operations.lesson(new AddLesson(l.runId(), l.text(), requester, thread));
            case ChatCommand.Failover f -> operations.failover(f.service(), requester);
            case ChatCommand.Timeline t -> operations.timeline(new ShowTimeline(t.id(), requester, thread));
        };
    }

    private static ChatMessage guarded(String verb, java.util.function.Supplier<ChatMessage> call) {
        try {
            ChatMessage reply = call.get();
            if (reply == null) {
                throw new IllegalStateException("RunbookOperations returned no reply for " + verb);
            }
            return reply;
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "chat command `" + verb + "` failed", e);
            return ChatMessage.builder("opsbook failed while handling `" + verb
                            + "`. Nothing more was done; the error is in the opsbook server log.")
                    .status(ChatStatus.FAILED)
                    .build();
        }
    }

    private static String verbOf(ChatCommand command) {
        return switch (command) {
            case ChatCommand.Help h -> "help";
            case ChatCommand.ListRunbooks l -> "list";
            case ChatCommand.Show s -> "show";
            case ChatCommand.Run r -> r.dryRun() ? "dry-run" : "run";
            case ChatCommand.Status s -> "status";
            case ChatCommand.Control c -> c.kind() == RunControl.Kind.CANCEL ? "cancel" : "resume";
            case ChatCommand.Vote v -> v.decision() == Decision.APPROVE ? "approve" : "reject";
            case ChatCommand.History h -> "history";
            case ChatCommand.Audit a -> "audit";
            case ChatCommand.Schedules s -> "schedules";
            case ChatCommand.Backups b -> "backups";
            case ChatCommand.Drill d -> "drill";
            case ChatCommand.Lesson l -> "lesson";
            case ChatCommand.Failover f -> "failover";
            case ChatCommand.Timeline t -> "timeline";
        };
    }
}
