package dev.opsbook.chatops;

import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.chat.RunUpdate;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Votes from chat through the engine's approval desk, which applies the policy and audits each vote
 * and each refusal. A vote from a request message (button or reaction) names its step: when that
 * step is no longer the one waiting, the vote is refused as too late, audited here. Every outcome is
 * also shown in the run's thread (by this process's mirror when it drives the run, else posted to the
 * run's thread as remembered when it was mirrored), whatever the vote came from (button, reaction,
 * command, dashboard), and audited with that thread's full reference.
 */
final class ChatVotes {
    private static final Logger LOG = LoggerFactory.getLogger(ChatVotes.class);

    private final Engine engine;
    private final RunThreadMirror mirror;
    private final ChatGateway chat;

    ChatVotes(Engine engine, RunThreadMirror mirror, ChatGateway chat) {
        this.engine = engine;
        this.mirror = mirror;
        this.chat = chat;
    }

    ChatMessage vote(CastVote cmd, Actor voter, Optional<Run> found) {
        String runId = cmd.runId();
        if (found.isEmpty()) {
            return RunReplies.refused("Your vote does not count", "there is no run `" + runId + "`");
        }
        Run run = found.get();
        ChatThread thread = mirror.threadOf(runId).orElse(cmd.thread());
        Optional<ApprovalRequest> open = engine.approvals().findOpen(runId);
        if (cmd.stepId().isPresent() && !open.map(r -> r.stepId().equals(cmd.stepId().get())).orElse(false)) {
            String reason = "too late: step " + cmd.stepId().get() + " of run " + runId
                    + " is no longer waiting for approval (the run is " + run.state().label() + ")";
            engine.audit().append(new AuditEvent(voter, AuditActions.APPROVAL_REFUSED, Optional.of(runId), cmd.stepId(),
                    Optional.of(run.runbook()), Map.of(), "refused", Optional.empty(), threadRef(thread),
                    Map.of("decision", label(cmd.decision()), "reason", reason, "source", label(cmd.source()))));
            return refused(cmd, thread, cmd.stepId().get(), voter, reason);
        }
        ApprovalPolicy.Outcome outcome;
        try {
            outcome = engine.desk().cast(new dev.opsbook.approval.CastVote(runId, voter,
                    dev.opsbook.approval.Decision.valueOf(cmd.decision().name()), cmd.reason().orElse(""),
                    Optional.of(run.runbook())), threadRef(thread), Map.of("source", label(cmd.source())));
        } catch (IllegalStateException notWaiting) { // the desk audited the refusal
            return refused(cmd, thread, open.map(ApprovalRequest::stepId).orElse("-"), voter, notWaiting.getMessage());
        }
        ApprovalRequest request = outcome.request();
        if (!outcome.counted()) {
            return refused(cmd, thread, request.stepId(), voter, outcome.refusal().orElseThrow());
        }
        int approvals = (int) request.approvals();
        if (mirror.follows(runId)) {
            mirror.publish(runId, new RunUpdate.VoteRecorded(request.stepId(), name(voter), cmd.decision(), approvals,
                    request.required()));
        } else {
            toThread(cmd, thread, (cmd.decision() == Decision.APPROVE ? "👍 " + name(voter) + " approved" : "👎 " + name(voter)
                    + " rejected") + " step `" + request.stepId() + "` (" + approvals + "/" + request.required() + " approvals)");
        }
        return ChatMessage.builder("Your " + (cmd.decision() == Decision.APPROVE ? "approval" : "rejection") + " of step `"
                        + request.stepId() + "` of run `" + runId + "` counted: " + approvals + "/" + request.required()
                        + " approvals, request " + request.status().label() + ".")
                .status(cmd.decision() == Decision.APPROVE ? ChatStatus.SUCCEEDED : ChatStatus.REJECTED)
                .build();
    }

    /** Tells the voter and the run's thread; a thread the mirror no longer follows (finished run) is posted to directly. */
    private ChatMessage refused(CastVote cmd, ChatThread thread, String stepId, Actor voter, String reason) {
        if (mirror.follows(cmd.runId())) {
            mirror.publish(cmd.runId(), new RunUpdate.VoteRefused(stepId, name(voter), reason));
        } else {
            toThread(cmd, thread, "🙅 The vote of " + name(voter) + " on step `" + stepId
                    + "` does not count: " + reason);
        }
        return RunReplies.refused("Your vote on run `" + cmd.runId() + "` does not count", reason);
    }

    /**
     * Posts to the run's thread when this process does not mirror the run (it finished, or another replica
     * drives it); a run that never had a chat thread (started from the command line) and a vote from a
     * channel are answered to the voter only.
     */
    private void toThread(CastVote cmd, ChatThread thread, String text) {
        if (thread.threadId().isEmpty()) {
            return;
        }
        try {
            chat.post(thread, ChatMessage.builder(text).build());
        } catch (RuntimeException e) {
            LOG.warn("could not show a vote in the thread of run {}: {}", cmd.runId(), e.toString());
        }
    }

    /** {@code platform:channel[:thread]}, the audit log's chat thread reference: the run's thread when it has one. */
    private static Optional<String> threadRef(ChatThread thread) {
        return Optional.of(thread.platform() + ":" + thread.channel() + thread.threadId().map(t -> ":" + t).orElse(""));
    }

    /** How a voter is shown in the thread: their chat display name (users.info on Slack), never a raw chat id. */
    private static String name(Actor voter) {
        return voter.displayName() == null || voter.displayName().isBlank() ? voter.userId() : voter.displayName();
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
