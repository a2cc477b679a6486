package dev.opsbook.server;

import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunControl;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.RunbookSummaries;
import dev.opsbook.chat.StartRun;
import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What chat can do in a build whose execution engine is not connected to chat: {@code list} and
 * {@code show} read the runbook directory (fresh on every call); every command that needs runs,
 * approvals or the audit log answers plainly that it is not available in this build. No run
 * result is ever invented. Replace this bean with the engine bridge.
 */
final class CatalogOnlyOperations implements RunbookOperations {
    private final Path runbooks;
    private final RunbookLoader loader = new RunbookLoader(LintPolicy.DEFAULTS.withCheckLinks(false));

    CatalogOnlyOperations(Path runbooks) {
        this.runbooks = runbooks;
    }

    @Override
    public ChatMessage list(Optional<String> service, Requester requester) {
        return catalog().map(all -> RunbookSummaries.list(all, service)).orElseGet(this::noDirectory);
    }

    @Override
    public ChatMessage show(String runbookId, Requester requester) {
        return catalog().map(all -> all.stream().filter(r -> r.id().equals(runbookId)).findFirst()
                        .map(RunbookSummaries::show)
                        .orElseGet(() -> ChatMessage.builder("No runbook `" + runbookId + "`. `/runbook list` shows them all.")
                                .status(ChatStatus.INFO).build()))
                .orElseGet(this::noDirectory);
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
        return unavailable(command.kind().name().toLowerCase(Locale.ROOT), "the execution engine is not connected to chat");
    }

    @Override
    public ChatMessage vote(CastVote command) {
        return unavailable(command.decision().name().toLowerCase(Locale.ROOT), "approvals are not connected to chat");
    }

    @Override
    public ChatMessage history(Optional<String> service, Requester requester) {
        return unavailable("history", "the run store is not connected to chat");
    }

    @Override
    public ChatMessage audit(String runId, Requester requester) {
        return unavailable("audit", "the audit log is not connected to chat");
    }

    /** Runbooks that parsed (findings aside); empty when the directory is missing. */
    private Optional<List<Runbook>> catalog() {
        if (!Files.isDirectory(runbooks)) {
            return Optional.empty();
        }
        try {
            return Optional.of(loader.load(List.of(runbooks)).stream().map(ParsedRunbook::runbook)
                    .flatMap(Optional::stream).toList());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read runbooks in " + runbooks + ": " + e.getMessage(), e);
        }
    }

    private ChatMessage noDirectory() {
        return ChatMessage.builder("There is no runbook directory at `" + runbooks.toAbsolutePath().normalize()
                + "` on the opsbook server. Set OPSBOOK_RUNBOOKS to it and restart.").status(ChatStatus.INFO).build();
    }

    private static ChatMessage unavailable(String verb, String why) {
        return ChatMessage.builder("`/runbook " + verb + "` is not available in this build: " + why + ".")
                .status(ChatStatus.INFO)
                .build();
    }
}
