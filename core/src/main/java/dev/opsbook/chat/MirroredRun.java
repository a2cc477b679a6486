package dev.opsbook.chat;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the mirror knows of one followed run. Guarded by the mirror's lock. */
final class MirroredRun {
    final String runId;
    final ChatThread channel;
    Optional<MessageRef> parent = Optional.empty();
    String runbookId = "";
    String title;
    String requestedBy = "";
    Optional<String> procedure = Optional.empty();
    boolean dryRun;
    ChatStatus status = ChatStatus.PENDING;
    int stepsPlanned;
    int stepsFinished;
    Optional<String> currentStep = Optional.empty();
    Optional<Duration> duration = Optional.empty();
    boolean finished;
    int droppedMessages;
    final Map<String, MessageRef> approvalMessages = new HashMap<>();
    final Map<String, StepLog> logs = new LinkedHashMap<>();

    MirroredRun(String runId, ChatThread channel) {
        this.runId = runId;
        this.channel = channel;
        this.title = "run " + runId;
    }

    StepLog log(String stepId) {
        return logs.computeIfAbsent(stepId, k -> new StepLog());
    }

    /** The parent message went out as {@code ref}: the thread hangs off it, also for other replicas and later votes. */
    void posted(MessageRef ref, ApprovalMessageIndex index) {
        parent = Optional.of(ref);
        index.rememberThread(runId, ref);
    }

    /** Where thread messages go: the thread the run was followed in, else under the parent once it exists, else the channel. */
    ChatThread thread() {
        if (channel.threadId().isPresent()) {
            return channel;
        }
        return parent.map(ChatThread::under).orElse(channel);
    }

    /** A step's output as kept for the log file, and whether chat has shown all of it. */
    static final class StepLog {
        final StringBuilder text = new StringBuilder();
        int lines;
        long chars;
        boolean cut;
        boolean overflowing;
        boolean shownInFull = true;
        int droppedLines;

        void append(String line, int maxChars) {
            lines++;
            chars += line.length() + 1;
            if (text.length() + line.length() + 1 > maxChars) {
                cut = true;
                return;
            }
            text.append(dev.opsbook.execution.Visible.text(line)).append('\n');
        }
    }
}
