package dev.opsbook.chatops;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Person;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person an approval was escalated to, on the run's platform: by direct message
 * ({@link ChatGateway#direct}: on Slack in the app's messages, on Discord in a private channel) and by
 * mentioning them — or each member of the group escalated to, each of whom gets the message — in the run's
 * thread. Accounts come from the people directory ({@link ChatContacts}); a contact with no known chat account
 * is named by their opsbook id. A direct message that cannot be delivered (Discord users who refuse messages
 * from server members) is logged; the mention still stands.
 */
final class EscalationNotices {
    private static final Logger LOG = LoggerFactory.getLogger(EscalationNotices.class);

    /** Knows nobody's chat account: names contacts by their opsbook id, sends nothing. */
    static final EscalationNotices NAMES_ONLY = new EscalationNotices(ChatContacts.NONE, null);

    private final ChatContacts contacts;
    private final ChatGateway chat;

    EscalationNotices(ChatContacts contacts, ChatGateway chat) {
        this.contacts = contacts;
        this.chat = chat;
    }

    /** Sends the direct messages and returns how the thread names {@code who}. */
    List<String> escalated(ChatThread runThread, String runId, String stepId, String runbookId, Person who) {
        List<String> ids = contacts.userIds(runThread.platform(), who);
        if (ids.isEmpty()) {
            return List.of(who.id() + " (no " + runThread.platform() + " account known to opsbook)");
        }
        ChatMessage dm = ChatMessage.builder("📣 The approval of step `" + stepId + "` of run `" + runId + "` (`" + runbookId
                + "`) was escalated to " + (who.isGroup() ? "your group " + who.id() : "you") + ". Approve or reject it in the"
                + " run's thread in <#" + runThread.channel() + ">, or with /runbook approve " + runId + ".").build();
        for (String id : ids) {
            try {
                chat.direct(runThread.platform(), id, dm);
            } catch (RuntimeException e) {
                LOG.warn("could not send the escalation of run {} to {} directly: {}", runId, id, e.getMessage());
            }
        }
        String mentions = String.join(" ", ids.stream().map(id -> "<@" + id + ">").toList());
        return List.of(who.isGroup() ? who.id() + " (" + mentions + ")" : mentions);
    }
}
