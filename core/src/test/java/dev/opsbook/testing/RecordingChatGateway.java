package dev.opsbook.testing;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link ChatGateway} that records every call in order and can be told to fail: {@link #failNext}
 * queues exceptions thrown by the next calls (a chat outage). Message ids are {@code m1, m2, …}.
 */
public final class RecordingChatGateway implements ChatGateway {

    /** One call: {@code kind} is post, direct (where: the user id as channel), update, upload, react or unreact. */
    public record Call(String kind, ChatThread where, MessageRef ref, ChatMessage message, String fileName,
                       String fileText) {}

    private final List<Call> calls = new ArrayList<>();
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    private int attempts;
    private int nextId = 1;

    public synchronized void failNext(int times, Supplier<RuntimeException> failure) {
        for (int i = 0; i < times; i++) {
            failures.add(failure);
        }
    }

    /** Ends an outage: forgets the failures still queued. */
    public synchronized void recover() {
        failures.clear();
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    public synchronized List<Call> calls(String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    /** Every call attempted, including failed ones. */
    public synchronized int attempts() {
        return attempts;
    }

    @Override
    public synchronized MessageRef post(ChatThread where, ChatMessage message) {
        maybeFail();
        MessageRef ref = new MessageRef(where.platform(), where.channel(), "m" + nextId++);
        calls.add(new Call("post", where, ref, message, null, null));
        return ref;
    }

    @Override
    public synchronized MessageRef direct(String platform, String userId, ChatMessage message) {
        maybeFail();
        MessageRef ref = new MessageRef(platform, "dm-" + userId, "m" + nextId++);
        calls.add(new Call("direct", ChatThread.channel(platform, userId), ref, message, null, null));
        return ref;
    }

    @Override
    public synchronized void update(MessageRef message, ChatMessage replacement) {
        maybeFail();
        calls.add(new Call("update", null, message, replacement, null, null));
    }

    @Override
    public synchronized void upload(ChatThread where, String fileName, byte[] content, String comment) {
        maybeFail();
        calls.add(new Call("upload", where, null, ChatMessage.text(comment), fileName,
                new String(content, StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized void react(MessageRef message, String emoji) {
        maybeFail();
        calls.add(new Call("react", null, message, ChatMessage.text(emoji), null, null));
    }

    @Override
    public synchronized void unreact(MessageRef message, String emoji) {
        maybeFail();
        calls.add(new Call("unreact", null, message, ChatMessage.text(emoji), null, null));
    }

    private void maybeFail() {
        attempts++;
        Supplier<RuntimeException> failure = failures.poll();
        if (failure != null) {
            throw failure.get();
        }
    }
}
