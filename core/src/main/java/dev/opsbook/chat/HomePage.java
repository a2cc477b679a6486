package dev.opsbook.chat;

import java.util.List;
import java.util.Optional;

/**
 * One person's page in the chat app (Slack's App Home): the runs waiting for their approval, their own
 * active runs and the latest drills, each a neutral {@link ChatMessage} with its buttons (Approve/Reject as
 * {@link ApprovalAction}s, Cancel as a {@link ChatButton} with {@link #CANCEL}). {@code notice} is the answer
 * to what the person just did on the page (a vote, a cancel), shown on top, since a page has no reply.
 */
public record HomePage(Optional<ChatMessage> notice, List<Section> sections) {
    /** The action id of the Cancel button on one's own runs; its value is the run id. */
    public static final String CANCEL = "opsbook.run.cancel";

    /** A heading, its items, and what to say when there are none. */
    public record Section(String heading, String whenEmpty, List<ChatMessage> items) {
        public Section {
            if (heading == null || heading.isBlank()) {
                throw new IllegalArgumentException("a home page section needs a heading");
            }
            whenEmpty = whenEmpty == null ? "" : whenEmpty;
            items = List.copyOf(items);
        }
    }

    public HomePage {
        notice = notice == null ? Optional.empty() : notice;
        sections = List.copyOf(sections);
    }

    /** The same page with {@code notice} on top. */
    public HomePage withNotice(ChatMessage notice) {
        return new HomePage(Optional.ofNullable(notice), sections);
    }
}
