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
 * thread the vote came from).
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
        Optional<ApprovalRequest> open = engine.approvals().findOpen(runId);
        if (cmd.stepId().isPresent() && !open.map(r -> r.stepId().equals(cmd.stepId().get())).orElse(false)) {
            String reason = "too late: step " + cmd.stepId().get() + " of run " + runId
                    + " is no longer waiting for approval (the run is " + run.state().label() + ")";
            engine.audit().append(new AuditEvent(voter, AuditActions.APPROVAL_REFUSED, Optional.of(runId), cmd.stepId(),
                    Optional.of(run.runbook()), Map.of(), "refused", Optional.empty(), threadRef(cmd),
                    Map.of("decision", label(cmd.decision()), "reason", reason, "source", label(cmd.source()))));
            return refused(cmd, cmd.stepId().get(), voter, reason);
        }
        ApprovalPolicy.Outcome outcome;
        try {
            outcome = engine.desk().cast(new dev.opsbook.approval.CastVote(runId, voter,
                    dev.opsbook.approval.Decision.valueOf(cmd.decision().name()), cmd.reason().orElse(""),
                    Optional.of(run.runbook())), threadRef(cmd), Map.of("source", label(cmd.source())));
        } catch (IllegalStateException notWaiting) { // the desk audited the refusal
            return refused(cmd, open.map(ApprovalRequest::stepId).orElse("-"), voter, notWaiting.getMessage());
        }
        ApprovalRequest request = outcome.request();
        if (!outcome.counted()) {
            return refused(cmd, request.stepId(), voter, outcome.refusal().orElseThrow());
        }
        int approvals = (int) request.approvals();
        if (mirror.follows(runId)) {
            mirror.publish(runId, new RunUpdate.VoteRecorded(request.stepId(), voter.userId(), cmd.decision(), approvals,
                    request.required()));
        } else {
            toThread(cmd, (cmd.decision() == Decision.APPROVE ? "👍 " + voter.userId() + " approved" : "👎 " + voter.userId()
                    + " rejected") + " step `" + request.stepId() + "` (" + approvals + "/" + request.required() + " approvals)");
        }
        return ChatMessage.builder("Your " + (cmd.decision() == Decision.APPROVE ? "approval" : "rejection") + " of step `"
                        + request.stepId() + "` of run `" + runId + "` counted: " + approvals + "/" + request.required()
                        + " approvals, request " + request.status().label() + ".")
                .status(cmd.decision() == Decision.APPROVE ? ChatStatus.SUCCEEDED : ChatStatus.REJECTED)
                .build();
    }

    /** Tells the voter and the run's thread; a thread the mirror no longer follows (finished run) is posted to directly. */
    private ChatMessage refused(CastVote cmd, String stepId, Actor voter, String reason) {
        if (mirror.follows(cmd.runId())) {
            mirror.publish(cmd.runId(), new RunUpdate.VoteRefused(stepId, voter.userId(), reason));
        } else {
            toThread(cmd, "🙅 The vote of " + voter.userId() + " on step `" + stepId + "` does not count: " + reason);
        }
        return RunReplies.refused("Your vote on run `" + cmd.runId() + "` does not count", reason);
    }

    /**
     * Posts to the thread the vote came from when this process does not mirror the run (it finished, or
     * another replica drives it); a vote from the channel (no thread) is answered to the voter only.
     */
    private void toThread(CastVote cmd, String text) {
        if (cmd.thread().threadId().isEmpty()) {
            return;
        }
        try {
            chat.post(cmd.thread(), ChatMessage.builder(text).build());
        } catch (RuntimeException e) {
            LOG.warn("could not show a vote in the thread of run {}: {}", cmd.runId(), e.toString());
        }
    }

    /** {@code platform:channel[:thread]}, the audit log's chat thread reference. */
    private static Optional<String> threadRef(CastVote cmd) {
        return Optional.of(cmd.thread().platform() + ":" + cmd.thread().channel() + cmd.thread().threadId().map(t -> ":" + t).orElse(""));
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
