package dev.opsbook.chatops;

import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.ApprovalRequest;
import dev.opsbook.approval.ApprovalVote;
import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.chat.ApprovalAction;
import dev.opsbook.chat.ChatButton;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Decision;
import dev.opsbook.chat.HomePage;
import dev.opsbook.engine.Engine;
import dev.opsbook.execution.Run;
import dev.opsbook.runbook.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds one person's {@link HomePage} from the engine: runs waiting for an approval that person's vote
 * would count for — judged by the same {@link ApprovalPolicy} and directory the approval desk applies to the
 * vote itself (approver or member of an approver group, not the requester unless self-approval is allowed,
 * not voted yet) — with Approve/Reject buttons; the person's own active runs with Cancel; and the latest
 * drills with their time to restore against the RTO, from the audit log's {@code drill.finished} events.
 * Only the {@link #RECENT_RUNS} most recent runs are looked at; each section shows at most {@link #PER_SECTION}.
 */
final class ChatHome {
    static final int RECENT_RUNS = 500;
    static final int PER_SECTION = 8;

    private final Engine engine;

    ChatHome(Engine engine) {
        this.engine = engine;
    }

    HomePage page(Actor person) {
        List<Run> active = engine.runs().recent(RECENT_RUNS).stream().filter(r -> r.state().isActive()).toList();
        List<ChatMessage> waiting = new ArrayList<>();
        List<ChatMessage> mine = new ArrayList<>();
        ApprovalPolicy policy = new ApprovalPolicy(engine.directory());
        Instant now = engine.ports().clock().instant();
        for (Run run : active) {
            if (waiting.size() < PER_SECTION) {
                engine.approvals().findOpen(run.id().value())
                        .filter(request -> policy.vote(request, new ApprovalVote(person, dev.opsbook.approval.Decision.APPROVE, "", now),
                                now).counted())
                        .ifPresent(request -> waiting.add(waiting(run, request)));
            }
            if (mine.size() < PER_SECTION && run.requester().userId().equals(person.userId())) {
                mine.add(mine(run));
            }
        }
        return new HomePage(Optional.empty(), List.of(
                new HomePage.Section("Waiting for your approval", "No run is waiting for your approval.", waiting),
                new HomePage.Section("Your active runs", "You have no active runs.", mine),
                new HomePage.Section("Latest drills", "No drill has run yet.", drills())));
    }

    private static ChatMessage waiting(Run run, ApprovalRequest request) {
        return ChatMessage.builder("*" + run.runbook().id() + "* — run `" + run.id() + "`: step `" + request.stepId()
                        + "` needs " + request.required() + " approval(s), " + request.approvals() + " so far")
                .status(ChatStatus.AWAITING_APPROVAL)
                .field("Requested by", run.requester().displayName())
                .field("Expires", request.expiresAt().toString())
                .action(new ApprovalAction(Decision.APPROVE, run.id().value(), request.stepId()))
                .action(new ApprovalAction(Decision.REJECT, run.id().value(), request.stepId()))
                .build();
    }

    private static ChatMessage mine(Run run) {
        ChatStatus status = ChatStatus.fromName(run.state().name());
        return ChatMessage.builder("*" + run.runbook().id() + "* — run `" + run.id() + "` is " + status.label())
                .status(status)
                .field("Target", run.target().describe())
                .field("Started", run.createdAt().toString())
                .button(ChatButton.action(HomePage.CANCEL, "Cancel", run.id().value()))
                .build();
    }

    private List<ChatMessage> drills() {
        List<ChatMessage> drills = new ArrayList<>();
        engine.audit().readLatest(AuditActions.DRILL_FINISHED, PER_SECTION, recorded -> drills.add(drill(recorded.event())));
        return drills;
    }

    private static ChatMessage drill(AuditEvent e) {
        Optional<Duration> restored = millis(e.details().get("time_to_restore_ms"));
        Optional<Duration> rto = millis(e.details().get("rto_ms"));
        boolean met = Boolean.parseBoolean(e.details().get("met_rto"));
        String runbook = e.runbook().map(r -> r.id()).orElse("?");
        String outcome = restored.isEmpty() ? "failed: " + e.details().getOrDefault("reason", e.result())
                : "restored in " + Durations.format(restored.get())
                + rto.map(r -> (met ? " — within" : " — OVER") + " the RTO of " + Durations.format(r)).orElse(" (no RTO set)");
        return ChatMessage.builder("*" + runbook + "* — drill `" + e.runId().orElse("?") + "` " + outcome)
                .status(restored.isPresent() && met ? ChatStatus.SUCCEEDED : ChatStatus.FAILED)
                .build();
    }

    private static Optional<Duration> millis(String value) {
        try {
            return value == null ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(value)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
