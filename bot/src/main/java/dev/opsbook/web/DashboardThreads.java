package dev.opsbook.web;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chat gateway of the {@code web} platform: the run mirror follows dashboard-started runs like any other, and
 * what it would post is dropped here because the run page shows the run itself (live, from the engine's events).
 */
public final class DashboardThreads implements ChatGateway {
    private final AtomicLong ids = new AtomicLong();

    @Override
    public MessageRef post(ChatThread where, ChatMessage message) {
        return new MessageRef(where.platform(), where.channel(), "web-" + ids.incrementAndGet());
    }

    @Override
    public void update(MessageRef message, ChatMessage replacement) {
    }

    @Override
    public void upload(ChatThread where, String fileName, byte[] content, String comment) {
    }

    @Override
    public void react(MessageRef message, String emoji) {
    }

    @Override
    public void unreact(MessageRef message, String emoji) {
    }
}
