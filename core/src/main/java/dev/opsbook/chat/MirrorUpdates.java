package dev.opsbook.chat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Turns one {@link RunUpdate} into changes of the run's state and the calls the thread needs. */
final class MirrorUpdates {

    /** Where the calls go: the mirror's channel outboxes. */
    interface Sink {
        void enqueue(Outgoing op);

        /** The queued output batch of this step that can still take lines, or null. */
        Outgoing.OutputBatch openBatch(MirroredRun run, String stepId);
    }

    /** The reaction on an approval request while it waits. */
    static final String WAITING = "hourglass_flowing_sand";

    private final MirrorSettings settings;
    private final Sink sink;

    MirrorUpdates(MirrorSettings settings, Sink sink) {
        this.settings = settings;
        this.sink = sink;
    }

    void apply(MirroredRun run, RunUpdate update) {
        switch (update) {
            case RunUpdate.RunStarted s -> {
                run.runbookId = s.runbookId();
                run.title = s.title();
                run.procedure = s.procedure();
                run.dryRun = s.dryRun();
                run.requestedBy = s.requestedBy();
                run.stepsPlanned = s.plan().size();
                run.status = ChatStatus.RUNNING;
                sink.enqueue(new Outgoing.ParentPost(run));
                sink.enqueue(post(run, RunMessages.plan(run, s.plan())));
            }
            case RunUpdate.StepStarted s -> {
                if (awaiting(run, s.stepId())) { // approved by votes this mirror did not see (cast on another replica)
                    decided(run, s.stepId(), RunMessages.approvalDecided(s.stepId(), "approved", ChatStatus.SUCCEEDED));
                }
                run.currentStep = Optional.of(s.stepId());
                run.status = ChatStatus.RUNNING;
                sink.enqueue(post(run, RunMessages.stepStarted(s)));
                sink.enqueue(new Outgoing.ParentUpdate(run));
            }
            case RunUpdate.StepOutput o -> output(run, o);
            case RunUpdate.StepFinished f -> stepFinished(run, f);
            case RunUpdate.ApprovalRequested a -> {
                run.status = ChatStatus.AWAITING_APPROVAL;
                run.currentStep = Optional.of(a.stepId());
                sink.enqueue(new Outgoing.ThreadPost(run, RunMessages.approvalRequested(run.runId, a), Optional.of(a.stepId())));
                sink.enqueue(new Outgoing.Mark(run, a.stepId(), WAITING, Optional.empty()));
                sink.enqueue(new Outgoing.ParentUpdate(run));
            }
            case RunUpdate.VoteRecorded v -> {
                sink.enqueue(post(run, RunMessages.voteRecorded(v)));
                if (v.decision() == Decision.REJECT) {
                    run.status = ChatStatus.REJECTED;
                    decided(run, v.stepId(), RunMessages.approvalDecided(v.stepId(), "rejected by " + v.voter(), ChatStatus.REJECTED));
                } else if (v.approvals() >= v.needed()) {
                    run.status = ChatStatus.RUNNING;
                    decided(run, v.stepId(), RunMessages.approvalDecided(v.stepId(), "approved (" + v.approvals() + "/" + v.needed() + ")",
                                    ChatStatus.SUCCEEDED));
                    sink.enqueue(new Outgoing.ParentUpdate(run));
                }
            }
            case RunUpdate.VoteRefused v -> sink.enqueue(post(run, RunMessages.voteRefused(v)));
            case RunUpdate.StepRetrying r -> sink.enqueue(post(run, ChatMessage.builder("🔁 Step `" + r.stepId()
                    + "` failed (" + r.reason() + "); attempt " + r.nextAttempt() + " in "
                    + RunMessages.duration(r.backoff())).build()));
            case RunUpdate.StepSkipped k -> {
                run.stepsFinished++;
                sink.enqueue(post(run, ChatMessage.builder("Step `" + k.stepId() + "` skipped: " + k.reason())
                        .status(ChatStatus.SKIPPED).build()));
                sink.enqueue(new Outgoing.ParentUpdate(run));
            }
            case RunUpdate.ConfirmationRequested c -> {
                run.currentStep = Optional.of(c.stepId());
                sink.enqueue(post(run, RunMessages.confirmationRequested(run.runId, c)));
            }
            case RunUpdate.ApprovalExpired e -> {
                run.status = ChatStatus.EXPIRED;
                decided(run, e.stepId(), RunMessages.approvalDecided(e.stepId(), "expired without a decision", ChatStatus.EXPIRED));
                sink.enqueue(post(run, ChatMessage.builder("The approval request for step `" + e.stepId()
                        + "` expired.").status(ChatStatus.EXPIRED).build()));
            }
            case RunUpdate.ApprovalEscalated e -> sink.enqueue(post(run, ChatMessage.builder("📣 Approval for step `"
                    + e.stepId() + "` escalated to " + String.join(", ", e.contacts())).build()));
            case RunUpdate.RunFinished f -> {
                run.status = f.state();
                run.duration = Optional.of(f.duration());
                run.finished = true;
                sink.enqueue(post(run, RunMessages.runFinished(run, f)));
                sink.enqueue(new Outgoing.ParentUpdate(run));
            }
        }
    }

    private void output(MirroredRun run, RunUpdate.StepOutput o) {
        MirroredRun.StepLog log = run.log(o.stepId());
        o.lines().forEach(line -> log.append(line, settings.maxLogChars()));
        if (log.overflowing) {
            return;
        }
        if (log.chars > settings.maxInlineChars()) {
            log.overflowing = true;
            log.shownInFull = false;
            sink.enqueue(post(run, ChatMessage.builder("… step `" + o.stepId() + "` writes more output than fits in"
                    + " chat; the full output is attached when it finishes.").build()));
            return;
        }
        Outgoing.OutputBatch batch = sink.openBatch(run, o.stepId());
        if (batch == null) {
            batch = new Outgoing.OutputBatch(run, o.stepId());
            batch.lines.addAll(o.lines());
            sink.enqueue(batch);
        } else {
            batch.lines.addAll(o.lines());
        }
    }

    private void stepFinished(MirroredRun run, RunUpdate.StepFinished f) {
        if (awaiting(run, f.stepId())) { // rejected on another replica, or the run was cancelled while it waited
            decided(run, f.stepId(), RunMessages.approvalDecided(f.stepId(), f.state().name().toLowerCase(java.util.Locale.ROOT), f.state()));
        }
        run.stepsFinished++;
        MirroredRun.StepLog log = run.log(f.stepId());
        boolean longOutput = log.overflowing || log.droppedLines > 0 || log.cut;
        if (longOutput) {
            log.shownInFull = false;
        }
        sink.enqueue(post(run, RunMessages.stepFinished(f, log, longOutput, run, settings)));
        if (longOutput && !log.text.isEmpty()) {
            sink.enqueue(new Outgoing.FileUpload(run, run.runId + "-" + f.stepId() + ".log",
                    log.text.toString().getBytes(StandardCharsets.UTF_8),
                    "Output of step `" + f.stepId() + "` (" + log.lines + " lines)"));
        }
        sink.enqueue(new Outgoing.ParentUpdate(run));
    }

    /** Replaces the request's buttons with the decision and its ⏳ with ✅, ❌ or 🚫. */
    private void decided(MirroredRun run, String stepId, ChatMessage decision) {
        sink.enqueue(new Outgoing.ApprovalUpdate(run, stepId, decision));
        String mark = switch (decision.status().orElse(ChatStatus.FAILED)) {
            case SUCCEEDED -> "white_check_mark";
            case REJECTED -> "x";
            default -> "no_entry_sign";
        };
        sink.enqueue(new Outgoing.Mark(run, stepId, mark, Optional.of(WAITING)));
    }

    /** The request message of {@code stepId} still shows its buttons: no decision reached this mirror. */
    private static boolean awaiting(MirroredRun run, String stepId) {
        return run.status == ChatStatus.AWAITING_APPROVAL && run.currentStep.equals(Optional.of(stepId));
    }

    private static Outgoing post(MirroredRun run, ChatMessage message) {
        return new Outgoing.ThreadPost(run, message, Optional.empty());
    }
}
