package dev.opsbook.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@link ApprovalMessageIndex} in this process, keeping the most recent {@code capacity} requests. */
public final class InMemoryApprovalMessageIndex implements ApprovalMessageIndex {
    private final Map<MessageRef, ApprovalAction> entries;
    private final Map<String, MessageRef> threads;

    public InMemoryApprovalMessageIndex(int capacity) {
        this.entries = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MessageRef, ApprovalAction> eldest) {
                return size() > capacity;
            }
        };
        this.threads = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MessageRef> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized void rememberThread(String runId, MessageRef parent) {
        threads.put(runId, parent);
    }

    @Override
    public synchronized Optional<MessageRef> threadOf(String runId) {
        return Optional.ofNullable(threads.get(runId));
    }

    @Override
    public synchronized void remember(MessageRef message, String runId, String stepId) {
        entries.put(message, new ApprovalAction(Decision.APPROVE, runId, stepId));
    }

    @Override
    public synchronized Optional<ApprovalAction> find(MessageRef message) {
        return Optional.ofNullable(entries.get(message));
    }
}
