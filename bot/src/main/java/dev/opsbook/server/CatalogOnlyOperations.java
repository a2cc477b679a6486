package dev.opsbook.server;

import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunControl;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.StartRun;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What chat can do in a build whose execution engine is not connected to chat: nothing that
 * needs runs. Every such command answers plainly that it is not available in this build; no
 * run result is ever invented. Replace this bean with the engine bridge.
 */
final class CatalogOnlyOperations implements RunbookOperations {
    private final Path runbooks;

    CatalogOnlyOperations(Path runbooks) {
        this.runbooks = runbooks;
    }

    @Override
    public ChatMessage list(Optional<String> service, Requester requester) {
        return unavailable("list", "reading runbooks from " + runbooks + " needs the runbook parser, not in this build");
    }

    @Override
    public ChatMessage show(String runbookId, Requester requester) {
        return unavailable("show", "reading runbooks from " + runbooks + " needs the runbook parser, not in this build");
    }

    @Override
    public ChatMessage start(StartRun command) {
        return unavailable(command.dryRun() ? "dry-run" : "run", "the execution engine is not connected to chat");
    }

    @Override
    public ChatMessage status(String runId, Requester requester) {
        return unavailable("status", "the execution engine is not connected to chat");
    }

    @Override
    public ChatMessage control(RunControl command) {
        return unavailable(command.kind() == RunControl.Kind.CANCEL ? "cancel" : "resume",
                "the execution engine is not connected to chat");
    }

    @Override
    public ChatMessage vote(CastVote command) {
        return unavailable(command.decision().name().toLowerCase(java.util.Locale.ROOT),
                "approvals are not connected to chat");
    }

    @Override
    public ChatMessage history(Optional<String> service, Requester requester) {
        return unavailable("history", "the run store is not connected to chat");
    }

    @Override
    public ChatMessage audit(String runId, Requester requester) {
        return unavailable("audit", "the audit log is not connected to chat");
    }

    private static ChatMessage unavailable(String verb, String why) {
        return ChatMessage.builder("`/runbook " + verb + "` is not available in this build: " + why + ".")
                .status(ChatStatus.INFO)
                .build();
    }
}
