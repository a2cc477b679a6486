package dev.opsbook.chatops;

import dev.opsbook.audit.AuditUnavailableException;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.jdbc.DatabaseUnavailableException;

/**
 * What chat answers when opsbook's database stops answering before a command or a vote got anywhere (the duplicate
 * check, the lookup of the approval request a reaction is on): nothing was started or recorded. Slack and Discord
 * both answer with these.
 */
public final class OutageAnswers {
    private static final String REASON = "audit log unavailable (opsbook's database stopped answering)";

    private OutageAnswers() {}

    /** The database did not answer: a failed read or write, or the audit log (the same database) unavailable. */
    public static boolean isOutage(RuntimeException e) {
        return e instanceof DatabaseUnavailableException || e instanceof AuditUnavailableException;
    }

    /** "`run`: audit log unavailable (…): nothing was started or recorded; try again when it answers". */
    public static ChatMessage commandNotHandled(String verb) {
        return ChatMessage.builder("`" + verb + "`: " + REASON + ": nothing was started or recorded; try again when it answers")
                .status(ChatStatus.REJECTED).build();
    }

    /** "Your vote: audit log unavailable (…): the vote was not recorded; vote again when it answers". */
    public static ChatMessage voteNotRecorded() {
        return ChatMessage.builder("Your vote: " + REASON + ": the vote was not recorded; vote again when it answers")
                .status(ChatStatus.REJECTED).build();
    }
}
