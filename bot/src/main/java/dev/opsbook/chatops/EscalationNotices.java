package dev.opsbook.chatops;

import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.runbook.Person;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the person an approval was escalated to: on Slack by direct message (chat.postMessage to
 * the user id, which Slack delivers in the app's DM), and on every platform by mentioning them — or
 * each member of the group escalated to — in the run's thread ({@link #mentions}). A contact with no
 * known chat account is named by their opsbook id.
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
        if ("slack".equals(runThread.platform())) {
            ChatMessage dm = ChatMessage.builder("📣 The approval of step `" + stepId + "` of run `" + runId + "` (`" + runbookId
                    + "`) was escalated to " + (who.isGroup() ? "your group " + who.id() : "you") + ". Approve or reject it in the"
                    + " run's thread in <#" + runThread.channel() + ">, or with /runbook approve " + runId + ".").build();
            for (String id : ids) {
                try {
                    chat.post(ChatThread.channel("slack", id), dm);
                } catch (RuntimeException e) {
                    LOG.warn("could not send the escalation of run {} to {} directly: {}", runId, id, e.getMessage());
                }
            }
        }
        String mentions = String.join(" ", ids.stream().map(id -> "<@" + id + ">").toList());
        return List.of(who.isGroup() ? who.id() + " (" + mentions + ")" : mentions);
    }
}
