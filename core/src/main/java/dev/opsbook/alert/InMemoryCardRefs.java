package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** {@link CardRefs} in the memory of one process. */
public final class InMemoryCardRefs implements CardRefs {
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, Entry> refs = new LinkedHashMap<>();

    private record Entry(String incidentId, MessageRef ref) {}

    @Override
    public void exclusively(String incidentId, ChatThread channel, Function<Optional<MessageRef>, Optional<MessageRef>> send) {
        String key = incidentId + "\n" + channel.platform() + ":" + channel.channel();
        synchronized (locks.computeIfAbsent(key, k -> new Object())) {
            Optional<MessageRef> current;
            synchronized (this) {
                current = Optional.ofNullable(refs.get(key)).map(Entry::ref);
            }
            Optional<MessageRef> posted = send.apply(current);
            synchronized (this) {
                posted.ifPresent(p -> refs.put(key, new Entry(incidentId, p)));
            }
        }
    }

    @Override
    public synchronized List<MessageRef> posted(String incidentId) {
        return refs.values().stream().filter(e -> e.incidentId().equals(incidentId)).map(Entry::ref).toList();
    }

    @Override
    public synchronized Optional<String> incidentOf(MessageRef message) {
        return refs.values().stream().filter(e -> e.ref().equals(message)).map(Entry::incidentId).findFirst();
    }
}
