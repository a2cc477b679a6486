package dev.opsbook.alert;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditLog;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.ChatUser;
import dev.opsbook.chat.CommandRouter;
import dev.opsbook.chat.Identity;
import dev.opsbook.chat.MessageRef;
import dev.opsbook.chat.IdentityDirectory;
import dev.opsbook.runbook.AlertSettings;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.Section;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the buttons of an incident card do, the same on every platform. "Run diagnosis" is {@code /runbook run
 * RUNBOOK PROCEDURE} typed by whoever clicked, in the card's thread (their authorisation and approvals apply, and the
 * run's messages go into that thread); "Open runbook" (when the site's address is not configured) answers like
 * {@code /runbook show}; "Acknowledge" records who took the incident ({@code alert.acknowledged}) and updates the card.
 */
public final class IncidentButtons {
    /** How the run command answers a started run ({@code Run `r-…` of `RUNBOOK` started…}). */
    private static final Pattern STARTED = Pattern.compile("^Run `(r-[A-Za-z0-9-]+)` of `");
    /** {@code run …} typed as a message, or {@code /runbook run …} (which chat sends as text in a thread). */
    private static final Pattern TYPED_RUN = Pattern.compile("(?is)^\\s*(?:/?runbook\\s+)?(run\\s+\\S.*)$");
    private final Incidents board;
    private final CardDeliveries cards;
    private final CommandRouter router;
    private final IdentityDirectory identities;
    private final AuditLog audit;

    public IncidentButtons(Incidents board, CardDeliveries cards, CommandRouter router, IdentityDirectory identities,
                           AuditLog audit) {
        this.board = board;
        this.cards = cards;
        this.router = router;
        this.identities = identities;
        this.audit = audit;
    }

    /** The answer for {@code user}, who pressed button {@code actionId} on the card of incident {@code incidentId}. */
    public ChatMessage press(String actionId, String incidentId, ChatUser user, String deliveryId) {
        Optional<Incident.Snapshot> found = board.find(incidentId);
        if (found.isEmpty()) {
            return ChatMessage.builder("opsbook does not know incident `" + incidentId + "` (it was recorded by another"
                    + " opsbook database, or forgotten); use `/runbook run` directly.").status(ChatStatus.INFO).build();
        }
        Incident.Snapshot incident = found.get();
        return switch (actionId) {
            case IncidentCard.ACKNOWLEDGE -> acknowledge(incident, user);
            case IncidentCard.DIAGNOSE -> incident.match().map(m -> linked(incident, user, "card", router.handle("run "
                    + m.runbook().id() + " " + procedure(m.runbook()), user, thread(incident, user), deliveryId)))
                    .orElseGet(IncidentButtons::unmapped);
            case IncidentCard.OPEN -> incident.match().map(m -> router.handle("show " + m.runbook().id(), user,
                    thread(incident, user), deliveryId)).orElseGet(IncidentButtons::unmapped);
            default -> ChatMessage.builder("Unknown incident button `" + actionId + "`.").status(ChatStatus.INFO).build();
        };
    }

    private ChatMessage acknowledge(Incident.Snapshot incident, ChatUser user) {
        Identity who = identities.identify(user);
        if (!board.acknowledge(incident.id(), who.id())) {
            return ChatMessage.builder("Incident `" + incident.id() + "` was already acknowledged by "
                    + board.find(incident.id()).flatMap(Incident.Snapshot::acknowledgedBy).orElse("someone") + ".")
                    .status(ChatStatus.INFO).build();
        }
        audit.append(new AuditEvent(new Actor(user.platform(), who.id(), user.displayName()), AuditActions.ALERT_ACKNOWLEDGED,
                incident.diagnosisRun(), Optional.empty(), Optional.empty(), Map.of(), "acknowledged", Optional.empty(),
                Optional.empty(), Map.of("incident", incident.id(), "alert", incident.first().name())));
        cards.changed(incident.id(), incident.channels());
        return ChatMessage.builder("You acknowledged incident `" + incident.id() + "` (" + incident.first().name() + ").")
                .status(ChatStatus.SUCCEEDED).build();
    }

    /**
     * A command typed as a reply in the thread under {@code parent} ({@code run RUNBOOK PROCEDURE}, optionally written
     * {@code /runbook run …}): when {@code parent} is an incident's card, the command is handled as {@code /runbook}
     * would in that thread, by {@code user}, and a run it starts is linked to the incident ({@code alert.run_linked},
     * {@code via: thread}). Empty when {@code parent} is no incident's card or the text is no run command.
     */
    /** Whether {@code text} is a run command typed as a message ({@link #typedInThread} may take it). */
    public static boolean typedRun(String text) {
        return text != null && TYPED_RUN.matcher(text).matches();
    }

    public Optional<ChatMessage> typedInThread(String text, ChatUser user, MessageRef parent, ChatThread thread, String deliveryId) {
        Matcher command = TYPED_RUN.matcher(text == null ? "" : text);
        if (!command.matches()) {
            return Optional.empty();
        }
        Optional<Incident.Snapshot> incident = cards.incidentOf(parent).flatMap(board::find);
        if (incident.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(linked(incident.get(), user, "thread", router.handle(command.group(1).strip(), user, thread, deliveryId)));
    }

    /** Records the run started from the card or its thread as part of the incident ({@code alert.run_linked}), for its timeline. */
    private ChatMessage linked(Incident.Snapshot incident, ChatUser user, String via, ChatMessage reply) {
        Matcher m = STARTED.matcher(reply.text());
        if (m.find()) {
            board.linkRun(incident.id(), m.group(1), identities.identify(user).id());
            audit.append(new AuditEvent(new Actor(user.platform(), identities.identify(user).id(), user.displayName()),
                    AuditActions.ALERT_RUN_LINKED, Optional.of(m.group(1)), Optional.empty(), Optional.empty(), Map.of(),
                    "linked", Optional.empty(), Optional.empty(), Map.of("incident", incident.id(), "alert", incident.first().name(),
                            "via", via)));
        }
        return reply;
    }

    /** The card's thread on the user's platform, so a run started from it stays with the incident. */
    private ChatThread thread(Incident.Snapshot incident, ChatUser user) {
        return cards.posted(incident.id()).stream().filter(ref -> ref.platform().equals(user.platform())).findFirst()
                .map(ChatThread::under)
                .orElseGet(() -> incident.channels().stream().filter(c -> c.platform().equals(user.platform())).findFirst()
                        .orElse(ChatThread.channel(user.platform(), "unknown")));
    }

    private static String procedure(Runbook rb) {
        return rb.alerting().diagnosisIn(rb).map(Section::slug).orElse(rb.alerting().onAlert().orElse(AlertSettings.DIAGNOSE));
    }

    private static ChatMessage unmapped() {
        return ChatMessage.builder("No runbook matched this alert, so there is nothing to run or open yet (docs/alerts.md"
                + " says how to map one).").status(ChatStatus.INFO).build();
    }

}
