package dev.opsbook.alert;

import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the message of each incident card is remembered, one per incident and channel, so it is posted once and then
 * only updated. The server keeps them in PostgreSQL: whichever replica sends a card, and after a restart, the card's
 * message is known and the card is held by one sender at a time.
 */
public interface CardRefs {

    /**
     * Runs {@code send} while holding the card of {@code incidentId} in {@code channel} exclusively (against every
     * other sender sharing this store), giving it the card's message when it was posted, and remembers the message
     * {@code send} returns (the one it posted). When {@code send} throws, nothing is remembered and the exception
     * propagates; a store that cannot be reached throws too (the card is retried).
     */
    void exclusively(String incidentId, ChatThread channel, Function<Optional<MessageRef>, Optional<MessageRef>> send);

    /** The posted cards of an incident, in the order they were posted. */
    List<MessageRef> posted(String incidentId);

    /** The incident whose card is {@code message}, if it is one. */
    Optional<String> incidentOf(MessageRef message);
}
