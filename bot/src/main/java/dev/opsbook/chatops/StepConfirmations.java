package dev.opsbook.chatops;

import dev.opsbook.approval.Directory;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.FormPurpose;
import dev.opsbook.chatops.RunbookCatalog.Lookup;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunAuthorizer;
import dev.opsbook.jdbc.JdbcStepConfirmations;
import java.util.Map;
import java.util.Optional;

/**
 * {@code confirm=} texts typed into chat's confirmation form. Who may confirm: whoever asked for the
 * run, or a runner of its runbook. The text must match exactly, and the run must still be active.
 * Each confirmation and each refusal is audited ({@code step.confirmed},
 * {@code step.confirmation_refused}; the typed text is not recorded); the replica that drives the run
 * picks the confirmation up from the database ({@link ChatConfirmations}).
 */
final class StepConfirmations {
    private final Engine engine;
    private final RunbookCatalog catalog;
    private final Directory directory;
    private final JdbcStepConfirmations store;

    StepConfirmations(Engine engine, RunbookCatalog catalog, Directory directory, JdbcStepConfirmations store) {
        this.engine = engine;
        this.catalog = catalog;
        this.directory = directory;
        this.store = store;
    }

    /** The form for {@code purpose}, when its run is active and the step asks for a text. */
    Optional<ChatForm> form(FormPurpose.ConfirmStep purpose, Optional<Run> run) {
        return run.filter(r -> r.state().isActive()).flatMap(r -> text(r, purpose.stepId()))
                .map(text -> ChatForm.confirmation(purpose.runId(), purpose.stepId(), text));
    }

    ChatMessage confirm(FormPurpose.ConfirmStep purpose, String typed, Actor actor, Optional<Run> found) {
        String what = "Step `" + purpose.stepId() + "` of run `" + purpose.runId() + "` is not confirmed";
        if (found.isEmpty()) {
            return RunReplies.refused(what, "there is no such run");
        }
        Run run = found.get();
        Optional<String> text = text(run, purpose.stepId());
        Optional<String> refusal;
        if (!run.state().isActive()) {
            refusal = Optional.of("the run is " + run.state().label());
        } else if (text.isEmpty()) {
            refusal = Optional.of("the step asks for no confirmation");
        } else if (!actor.userId().equals(run.requester().userId())
                && catalog.find(run.runbook().id()) instanceof Lookup.Found f
                && new RunAuthorizer(directory, engine.settings().configuredRunners()).refusal(actor, f.runbook()).isPresent()) {
            refusal = Optional.of(actor.userId() + " neither asked for this run nor is a runner of " + run.runbook().id());
        } else if (!text.get().equals(typed.strip())) {
            refusal = Optional.of("what you typed is not `" + text.get() + "`");
        } else {
            refusal = Optional.empty();
        }
        if (refusal.isPresent()) {
            audit(actor, run, purpose.stepId(), AuditActions.STEP_CONFIRMATION_REFUSED, "refused", Map.of("reason", refusal.get()));
            return RunReplies.refused(what, refusal.get());
        }
        store.record(purpose.runId(), purpose.stepId(), actor.userId(), engine.ports().clock().instant());
        audit(actor, run, purpose.stepId(), AuditActions.STEP_CONFIRMED, "confirmed", Map.of("source", "chat"));
        return ChatMessage.builder("Step `" + purpose.stepId() + "` of run `" + purpose.runId() + "` confirmed; it runs now.")
                .status(ChatStatus.SUCCEEDED).build();
    }

    private Optional<String> text(Run run, String stepId) {
        return catalog.find(run.runbook().id()) instanceof Lookup.Found f
                ? f.runbook().step(stepId).flatMap(s -> s.confirm()) : Optional.empty();
    }

    private void audit(Actor actor, Run run, String stepId, String action, String result, Map<String, String> details) {
        engine.audit().append(new AuditEvent(actor, action, Optional.of(run.id().value()), Optional.of(stepId),
                Optional.of(run.runbook()), Map.of(), result, Optional.empty(), Optional.empty(), details));
    }
}
