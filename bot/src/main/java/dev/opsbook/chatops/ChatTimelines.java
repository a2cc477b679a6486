package dev.opsbook.chatops;

import dev.opsbook.audit.AuditLog;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatGateway;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ShowTimeline;
import dev.opsbook.timeline.Timeline;
import dev.opsbook.timeline.TimelineBuilder;
import dev.opsbook.timeline.TimelineMarkdown;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /runbook timeline RUN|INCIDENT}: builds the postmortem draft from the audit log and uploads it as a file. */
final class ChatTimelines {
    private final AuditLog audit;
    private final ChatGateway chat;

    ChatTimelines(AuditLog audit, ChatGateway chat) {
        this.audit = audit;
        this.chat = chat;
    }

    ChatMessage timeline(ShowTimeline command) {
        List<RecordedEvent> events = new ArrayList<>();
        audit.read(1, events::add);
        Optional<Timeline> timeline = TimelineBuilder.build(command.id(), events);
        if (timeline.isEmpty()) {
            return RunReplies.info("No audit events for run or incident `" + command.id() + "` (`/runbook history` lists runs).");
        }
        Timeline t = timeline.get();
        String file = "timeline-" + t.id() + ".md";
        try {
            chat.upload(command.thread(), file, TimelineMarkdown.render(t).getBytes(StandardCharsets.UTF_8),
                    "Postmortem draft of " + (t.incident().isPresent() ? "incident `" + t.id() + "`" : "run `" + t.id() + "`")
                            + " (" + t.entries().size() + " events); fill in impact, root cause and follow-ups.");
        } catch (RuntimeException e) {
            return ChatMessage.builder("Could not upload the timeline of `" + t.id() + "` here (" + e.getMessage()
                    + "); `opsbook timeline " + t.id() + "` prints it.").status(ChatStatus.FAILED).build();
        }
        return ChatMessage.builder("Uploaded `" + file + "`: the timeline of " + t.entries().size() + " events.")
                .status(ChatStatus.SUCCEEDED).build();
    }
}
