package dev.opsbook.chat;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages nobody typed a command for: scheduled-run misfires, integrity incidents, drill results,
 * failover proposals. They go to the operator-configured alert channels ({@code OPSBOOK_ALERTS_CHANNELS},
 * e.g. {@code slack:C0123,discord:9876}). With none configured, announcements go to the server log only.
 *
 * <p>Contract: {@link #announce} never throws. A channel that cannot be reached is logged and skipped;
 * the caller has already written what happened to the audit log, so nothing is lost with the message.
 */
public final class Announcements {
    private static final System.Logger LOG = System.getLogger(Announcements.class.getName());

    private final ChatGateway chat;
    private final List<ChatThread> channels;

    public Announcements(ChatGateway chat, List<ChatThread> channels) {
        this.chat = chat;
        this.channels = List.copyOf(channels);
    }

    /** {@code platform:channel} entries, comma-separated; blanks are ignored. */
    public static List<ChatThread> parseChannels(String spec) {
        List<ChatThread> parsed = new ArrayList<>();
        for (String entry : spec == null ? new String[0] : spec.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int colon = e.indexOf(':');
            if (colon <= 0 || colon == e.length() - 1) {
                throw new IllegalArgumentException("alert channel `" + e + "` is not platform:channel (e.g. slack:C0123ABCD)");
            }
            parsed.add(ChatThread.channel(e.substring(0, colon), e.substring(colon + 1)));
        }
        return parsed;
    }

    public List<ChatThread> channels() {
        return channels;
    }

    /** Posts {@code message} to every alert channel; returns the messages posted (a thread can hang off each). */
    public List<MessageRef> announce(ChatMessage message) {
        List<MessageRef> posted = new ArrayList<>();
        if (channels.isEmpty()) {
            LOG.log(Level.INFO, "announcement (no alert channel configured): " + message.text());
        }
        for (ChatThread channel : channels) {
            try {
                posted.add(chat.post(channel, message));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not announce in " + channel.platform() + ":" + channel.channel()
                        + " (" + e.getClass().getSimpleName() + "); the event is in the audit log");
            }
        }
        return posted;
    }
}
