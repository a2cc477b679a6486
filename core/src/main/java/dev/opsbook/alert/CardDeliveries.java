package dev.opsbook.alert;

import dev.opsbook.chat.ChatDeliveryException;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.MessageRef;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Keeps every incident card in chat up to date: one card per incident and channel, posted once and then only
 * updated. {@link #changed} marks a card stale and never blocks or throws; {@link #pump} renders stale cards from
 * the incident's latest state and sends them, so a burst of repeats becomes one update and a chat outage delays
 * the card instead of losing it (failed calls are retried with backoff, or after the platform's Retry-After, for
 * as long as the process runs; a permanent failure such as an unconfigured platform is logged and dropped).
 */
public final class CardDeliveries {
    private static final System.Logger LOG = System.getLogger(CardDeliveries.class.getName());
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final ChatGateway gateway;
    private final Clock clock;
    private final Function<String, Optional<ChatMessage>> render;
    private final CardRefs refs;
    private final Map<String, Card> cards = new LinkedHashMap<>();

    /** {@code render} gives an incident's current card, empty when the incident is no longer known. */
    public CardDeliveries(ChatGateway gateway, Clock clock, Function<String, Optional<ChatMessage>> render) {
        this(gateway, clock, render, new InMemoryCardRefs());
    }

    /** {@code refs}: where the cards' messages are remembered (shared by replicas when it is the database). */
    public CardDeliveries(ChatGateway gateway, Clock clock, Function<String, Optional<ChatMessage>> render, CardRefs refs) {
        this.gateway = gateway;
        this.clock = clock;
        this.render = render;
        this.refs = refs;
    }

    private static final class Card {
        final String incidentId;
        final ChatThread channel;
        boolean stale = true;
        boolean inFlight;
        int attempts;
        Instant nextAt = Instant.MIN;

        Card(String incidentId, ChatThread channel) {
            this.incidentId = incidentId;
            this.channel = channel;
        }
    }

    /** The incident's card in {@code channels} is stale (new, repeated, resolved, acknowledged…). */
    public synchronized void changed(String incidentId, List<ChatThread> channels) {
        for (ChatThread channel : channels) {
            cards.computeIfAbsent(incidentId + "\n" + channel.platform() + ":" + channel.channel(), k -> new Card(incidentId, channel))
                    .stale = true;
        }
    }

    /** The posted cards of an incident (a diagnosis thread hangs off the first). */
    public List<MessageRef> posted(String incidentId) {
        return refs.posted(incidentId);
    }

    /** The incident whose card {@code message} is, if it is one (a thread under it belongs to the incident). */
    public Optional<String> incidentOf(MessageRef message) {
        return refs.incidentOf(message);
    }

    /** Cards that are stale and not yet delivered. */
    public synchronized int pending() {
        return (int) cards.values().stream().filter(c -> c.stale).count();
    }

    /** Sends every stale card that is due; call from one thread at a time. */
    public void pump() {
        List<Card> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (Card c : cards.values()) {
                if (c.stale && !c.inFlight && !now.isBefore(c.nextAt)) {
                    c.inFlight = true;
                    c.stale = false;
                    due.add(c);
                }
            }
        }
        for (Card c : due) {
            send(c);
        }
    }

    private void send(Card c) {
        RuntimeException failure = null;
        boolean[] gone = {false};
        try {
            refs.exclusively(c.incidentId, c.channel, ref -> {
                Optional<ChatMessage> message = render.apply(c.incidentId);
                if (message.isEmpty()) {
                    gone[0] = true;
                    return Optional.empty();
                }
                if (ref.isPresent()) {
                    gateway.update(ref.get(), message.get());
                    return Optional.empty();
                }
                return Optional.of(gateway.post(c.channel, message.get()));
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        if (gone[0]) {
            synchronized (this) {
                cards.values().remove(c);
            }
            return;
        }
        synchronized (this) {
            c.inFlight = false;
            if (failure == null) {
                c.attempts = 0;
                if (!c.stale) {
                    cards.values().remove(c); // its message is in the store; a later change adds it again
                }
                return;
            }
            c.attempts++;
            boolean retryable = !(failure instanceof ChatDeliveryException d) || d.retryable();
            if (!retryable) {
                LOG.log(Level.WARNING, "gave up sending the card of incident " + c.incidentId + " to " + c.channel.platform()
                        + ":" + c.channel.channel() + ": " + failure.getMessage());
                if (!c.stale) {
                    cards.values().remove(c);
                }
                return;
            }
            c.stale = true;
            Duration wait = failure instanceof ChatDeliveryException d && d.retryAfter().isPresent() ? d.retryAfter().get()
                    : backoff(c.attempts);
            c.nextAt = clock.instant().plus(wait);
            LOG.log(Level.INFO, "chat unavailable for the card of incident " + c.incidentId + " (attempt " + c.attempts
                    + ", retrying in " + wait.toSeconds() + "s): " + failure.getMessage());
        }
    }

    private static Duration backoff(int attempts) {
        Duration d = Duration.ofSeconds(1L << Math.min(attempts - 1, 16));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
