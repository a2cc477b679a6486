package dev.opsbook.testing;

import dev.opsbook.chat.ChatForm;
import dev.opsbook.chat.FormPurpose;
import dev.opsbook.chat.SubmitForm;
import dev.opsbook.chat.AddLesson;
import dev.opsbook.chat.ShowTimeline;
import dev.opsbook.chat.CastVote;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.HomePage;
import dev.opsbook.chat.Requester;
import dev.opsbook.chat.RunControl;
import dev.opsbook.chat.RunbookOperations;
import dev.opsbook.chat.StartDrill;
import dev.opsbook.chat.StartRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link RunbookOperations} that records every call (as the command record, or a
 * {@link Query} for read-only calls) and answers with a short message naming the call.
 * Thread-safe; {@link #awaitCalls} lets tests of asynchronous adapters wait without sleeping blindly.
 */
public final class RecordingRunbookOperations implements RunbookOperations {

    /** A read-only call: {@code what} is list, show, status, history, audit, schedules, backups or failover. */
    public record Query(String what, Optional<String> argument, Requester requester) {}

    private final List<Object> calls = new CopyOnWriteArrayList<>();

    public List<Object> calls() {
        return List.copyOf(calls);
    }

    public <T> List<T> calls(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (Object call : calls) {
            if (type.isInstance(call)) {
                matching.add(type.cast(call));
            }
        }
        return matching;
    }

    /** Waits up to {@code timeoutMillis} for at least {@code count} calls; returns them. */
    public List<Object> awaitCalls(int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        synchronized (this) {
            while (calls.size() < count && System.nanoTime() < deadline) {
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }
        return calls();
    }

    private ChatMessage record(Object call, String reply) {
        calls.add(call);
        synchronized (this) {
            notifyAll();
        }
        return ChatMessage.text(reply);
    }

    @Override
    public ChatMessage list(Optional<String> service, Requester requester) {
        return record(new Query("list", service, requester), "listed " + service.orElse("all"));
    }

    @Override
    public ChatMessage show(String runbookId, Requester requester) {
        return record(new Query("show", Optional.of(runbookId), requester), "shown " + runbookId);
    }

    @Override
    public ChatMessage start(StartRun command) {
        return record(command, (command.dryRun() ? "dry-run " : "started ") + command.runbookId());
    }

    @Override
    public ChatMessage status(String runId, Requester requester) {
        return record(new Query("status", Optional.of(runId), requester), "status of " + runId);
    }

    @Override
    public ChatMessage control(RunControl command) {
        return record(command, command.kind().name().toLowerCase() + " " + command.runId());
    }

    @Override
    public ChatMessage vote(CastVote command) {
        return record(command, "vote " + command.decision().name().toLowerCase() + " on " + command.runId());
    }

    @Override
    public ChatMessage history(Optional<String> service, Requester requester) {
        return record(new Query("history", service, requester), "history " + service.orElse("all"));
    }

    @Override
    public ChatMessage audit(String runId, Requester requester) {
        return record(new Query("audit", Optional.of(runId), requester), "audit of " + runId);
    }

    @Override
    public ChatMessage schedules(Optional<String> service, Requester requester) {
        return record(new Query("schedules", service, requester), "schedules " + service.orElse("all"));
    }

    @Override
    public ChatMessage backups(String service, Requester requester) {
        return record(new Query("backups", Optional.of(service), requester), "backups of " + service);
    }

    @Override
    public ChatMessage drill(StartDrill command) {
        return record(command, "drill " + command.runbookId());
    }

    @Override
    public ChatMessage lesson(AddLesson command) {
        return record(command, "lesson on " + command.runId());
    }

    @Override
    public ChatMessage timeline(ShowTimeline command) {
        return record(command, "timeline of " + command.id());
    }

    @Override
    public ChatMessage failover(Optional<String> service, Requester requester) {
        return record(new Query("failover", service, requester), "failover " + service.orElse("all"));
    }

    /** A one-field form for run purposes, none for the rest; recorded as a {@link Query} "form". */
    @Override
    public Optional<ChatForm> form(FormPurpose purpose, Requester requester) {
        calls.add(new Query("form", Optional.of(purpose.value()), requester));
        return purpose instanceof FormPurpose.StartRunForm
                ? Optional.of(new ChatForm(purpose, "Run", "", "Enter parameters", "Run", List.of(new ChatForm.Field("target-db",
                        "target-db", ChatForm.Kind.TEXT, List.of(), Optional.empty(), Optional.empty(), true, ""))))
                : Optional.empty();
    }

    @Override
    public ChatMessage submit(SubmitForm command) {
        return record(command, "submitted " + command.purpose().value() + " with " + command.values().keySet());
    }

    /** An empty page; recorded as a {@link Query} "home". */
    @Override
    public HomePage home(Requester requester) {
        calls.add(new Query("home", Optional.empty(), requester));
        return new HomePage(Optional.empty(), List.of());
    }
}
