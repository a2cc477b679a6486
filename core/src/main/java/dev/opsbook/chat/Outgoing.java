package dev.opsbook.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One call the mirror owes a channel. {@link #prepare} runs under the mirror's lock and renders
 * from the run's state at that moment (so a queued parent update always shows the latest status);
 * the returned {@link Delivery} makes the network call outside the lock.
 */
abstract sealed class Outgoing {
    final MirroredRun run;
    int attempts;

    Outgoing(MirroredRun run) {
        this.run = run;
    }

    abstract Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index);

    /** A rendered call and what to remember (under the lock) once it went through. */
    record Delivery(String what, GatewayCall call, Consumer<MessageRef> whenSent) {}

    @FunctionalInterface
    interface GatewayCall {
        MessageRef send(ChatGateway gateway);
    }

    static final class ParentPost extends Outgoing {
        ParentPost(MirroredRun run) { super(run); }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            ChatMessage message = RunMessages.parent(run, settings);
            return new Delivery("parent message", g -> g.post(run.channel, message), ref -> run.posted(ref, index));
        }
    }

    /** Queued at most once per run at a time (see {@link #pendingParentUpdate}). */
    static final class ParentUpdate extends Outgoing {
        ParentUpdate(MirroredRun run) { super(run); }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            ChatMessage message = RunMessages.parent(run, settings);
            if (run.parent.isEmpty()) {
                return new Delivery("parent message", g -> g.post(run.channel, message), ref -> run.posted(ref, index));
            }
            MessageRef parent = run.parent.get();
            return new Delivery("parent update", g -> { g.update(parent, message); return parent; }, ref -> {});
        }
    }

    static final class ThreadPost extends Outgoing {
        private final ChatMessage message;
        private final Optional<String> approvalStep;

        ThreadPost(MirroredRun run, ChatMessage message, Optional<String> approvalStep) {
            super(run);
            this.message = message;
            this.approvalStep = approvalStep;
        }

        /** Plain progress messages may be dropped in a long outage; approval requests and results may not. */
        boolean droppable() {
            return approvalStep.isEmpty() && !message.status().map(ChatStatus::isFinal).orElse(false);
        }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            ChatThread thread = run.thread();
            return new Delivery("thread message", g -> g.post(thread, message), ref -> approvalStep.ifPresent(step -> {
                run.approvalMessages.put(step, ref);
                index.remember(ref, run.runId, step);
            }));
        }
    }

    /** Output lines of one step, batched until the channel's turn comes. */
    static final class OutputBatch extends Outgoing {
        final String stepId;
        final List<String> lines = new ArrayList<>();
        boolean closed;

        OutputBatch(MirroredRun run, String stepId) { super(run); this.stepId = stepId; }

        boolean accepts(MirroredRun r, String step) {
            return !closed && run == r && stepId.equals(step);
        }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            closed = true;
            String all = String.join("\n", lines);
            String shown = all;
            if (all.length() > settings.maxInlineChars()) {
                run.log(stepId).shownInFull = false;
                shown = RunMessages.clip(all, settings.maxInlineChars());
            }
            ChatMessage message = ChatMessage.builder("").code(shown).context("`" + stepId + "` output").build();
            ChatThread thread = run.thread();
            return new Delivery("output", g -> g.post(thread, message), ref -> {});
        }
    }

    static final class ApprovalUpdate extends Outgoing {
        private final String stepId;
        private final ChatMessage message;

        ApprovalUpdate(MirroredRun run, String stepId, ChatMessage message) {
            super(run);
            this.stepId = stepId;
            this.message = message;
        }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            MessageRef request = run.approvalMessages.get(stepId);
            if (request == null) {
                return null;
            }
            return new Delivery("approval update", g -> { g.update(request, message); return request; }, ref -> {});
        }
    }

    /**
     * Marks an approval request with a reaction that shows its state: {@code add} ({@code hourglass_flowing_sand}
     * while it waits, {@code white_check_mark}/{@code x}/{@code no_entry_sign} once decided) after removing
     * {@code remove} when there is one. Skipped when the request message never went out.
     */
    static final class Mark extends Outgoing {
        private final String stepId;
        private final String add;
        private final Optional<String> remove;

        Mark(MirroredRun run, String stepId, String add, Optional<String> remove) {
            super(run);
            this.stepId = stepId;
            this.add = add;
            this.remove = remove;
        }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            MessageRef request = run.approvalMessages.get(stepId);
            if (request == null) {
                return null;
            }
            return new Delivery("approval mark", g -> {
                remove.ifPresent(r -> g.unreact(request, r));
                g.react(request, add);
                return request;
            }, ref -> {});
        }
    }

    static final class FileUpload extends Outgoing {
        private final String fileName;
        private final byte[] content;
        private final String comment;

        FileUpload(MirroredRun run, String fileName, byte[] content, String comment) {
            super(run);
            this.fileName = fileName;
            this.content = content;
            this.comment = comment;
        }

        @Override
        Delivery prepare(MirrorSettings settings, ApprovalMessageIndex index) {
            ChatThread thread = run.thread();
            return new Delivery("file upload", g -> { g.upload(thread, fileName, content, comment); return null; }, ref -> {});
        }
    }
}
