package dev.opsbook.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.chat.RunUpdate.ApprovalRequested;
import dev.opsbook.chat.RunUpdate.PlannedStep;
import dev.opsbook.chat.RunUpdate.RunFinished;
import dev.opsbook.chat.RunUpdate.RunStarted;
import dev.opsbook.chat.RunUpdate.StepFinished;
import dev.opsbook.chat.RunUpdate.StepOutput;
import dev.opsbook.chat.RunUpdate.StepStarted;
import dev.opsbook.chat.RunUpdate.VoteRecorded;
import dev.opsbook.chat.RunUpdate.VoteRefused;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RecordingChatGateway.Call;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RunThreadMirrorTest {
    private final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    private final RecordingChatGateway chat = new RecordingChatGateway();
    private final InMemoryApprovalMessageIndex index = new InMemoryApprovalMessageIndex(100);
    private final RunThreadMirror mirror = new RunThreadMirror(chat, clock, MirrorSettings.DEFAULTS, index);
    private final ChatThread channel = ChatThread.channel("slack", "C1");

    private static final RunStarted STARTED = new RunStarted("pg-restore", "Restore orders DB", Optional.of("restore"),
            false, List.of(new PlannedStep("snapshot", "backup", "Restore", 0),
                    new PlannedStep("restore", "restore", "Restore", 1)), "Alice");

    /** Pumps and moves the clock a second at a time until nothing is left (bounded). */
    private void drain() {
        for (int i = 0; i < 500 && mirror.pending() > 0; i++) {
            mirror.pump();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(mirror.pending()).as("mirror drained").isZero();
    }

    @Test
    void aRunBecomesAParentMessageUpdatedInPlaceAndAThread() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new StepStarted("snapshot", 1));
        mirror.publish("r-1", new StepOutput("snapshot", List.of("dumping", "done")));
        mirror.publish("r-1", new StepFinished("snapshot", ChatStatus.SUCCEEDED, Duration.ofSeconds(75), Optional.of(0), List.of("done")));
        mirror.publish("r-1", new RunFinished(ChatStatus.SUCCEEDED, Duration.ofSeconds(80), Optional.empty()));
        drain();

        List<Call> posts = chat.calls("post");
        Call parent = posts.getFirst();
        assertThat(parent.where()).isEqualTo(channel);
        assertThat(parent.message().text()).contains("Restore orders DB").contains("`r-1`");
        ChatThread thread = ChatThread.under(parent.ref());
        assertThat(posts.subList(1, posts.size())).allSatisfy(p -> assertThat(p.where()).isEqualTo(thread));
        assertThat(posts.subList(1, posts.size())).extracting(p -> p.message().text().isEmpty() ? p.message().code().orElseThrow() : p.message().text())
                .containsExactly("*Plan* (2 steps)\n• `snapshot` backup — Restore\n• `restore` restore — Restore (needs 1 approval)",
                        "▶️ Step `snapshot` started",
                        "dumping\ndone",
                        "Step `snapshot` succeeded in 1m 15s (exit 0)",
                        "Run `r-1` succeeded after 1m 20s");
        Call lastUpdate = chat.calls("update").getLast();
        assertThat(lastUpdate.ref()).isEqualTo(parent.ref());
        assertThat(lastUpdate.message().status()).contains(ChatStatus.SUCCEEDED);
        assertThat(lastUpdate.message().fields()).contains(new ChatMessage.Field("Progress", "1/2 steps"),
                new ChatMessage.Field("Duration", "1m 20s"));
        assertThat(chat.calls("upload")).isEmpty();
    }

    @Test
    void aChannelGetsAtMostOneCallPerSecond() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new StepStarted("snapshot", 1));

        mirror.pump();
        mirror.pump();
        clock.advance(Duration.ofMillis(999));
        mirror.pump();
        assertThat(chat.calls()).hasSize(1);

        clock.advance(Duration.ofMillis(1));
        mirror.pump();
        assertThat(chat.calls()).hasSize(2);
    }

    @Test
    void outputArrivingBetweenSendsIsBatchedIntoOneMessage() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new StepStarted("snapshot", 1));
        IntStream.range(0, 50).forEach(i -> mirror.publish("r-1", new StepOutput("snapshot", List.of("line " + i))));
        drain();

        List<Call> output = chat.calls("post").stream().filter(p -> p.message().code().isPresent()).toList();
        assertThat(output).hasSize(1);
        assertThat(output.getFirst().message().code().orElseThrow()).startsWith("line 0\nline 1\n").endsWith("line 49");
    }

    @Test
    void longOutputGoesUpAsAFileWithTheTailInTheThread() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        List<String> lines = IntStream.range(0, 400).mapToObj(i -> "restoring table " + i + " of 400").toList();
        lines.forEach(l -> mirror.publish("r-1", new StepOutput("restore", List.of(l))));
        mirror.publish("r-1", new StepFinished("restore", ChatStatus.FAILED, Duration.ofSeconds(3), Optional.of(2),
                lines.subList(395, 400)));
        drain();

        Call upload = chat.calls("upload").getFirst();
        assertThat(upload.fileName()).isEqualTo("r-1-restore.log");
        assertThat(upload.fileText()).isEqualTo(String.join("\n", lines) + "\n");
        assertThat(upload.where().threadId()).isPresent();
        Call finished = chat.calls("post").stream().filter(p -> p.message().text().startsWith("Step `restore`")).findFirst().orElseThrow();
        assertThat(finished.message().status()).contains(ChatStatus.FAILED);
        assertThat(finished.message().code()).contains(String.join("\n", lines.subList(395, 400)));
        assertThat(finished.message().context()).hasValueSatisfying(c -> assertThat(c).contains("Full output attached"));
        int inlineChars = chat.calls("post").stream().mapToInt(p -> p.message().code().map(String::length).orElse(0)).sum();
        assertThat(inlineChars).as("chat is not flooded with the output").isLessThan(4000);
    }

    @Test
    void aChatOutageNeitherBlocksNorLosesTheRunAndTheThreadCatchesUpInOrder() {
        chat.failNext(6, () -> new IllegalStateException("connect timed out"));
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new StepStarted("snapshot", 1));
        mirror.publish("r-1", new StepFinished("snapshot", ChatStatus.SUCCEEDED, Duration.ofSeconds(2), Optional.of(0), List.of()));
        mirror.publish("r-1", new RunFinished(ChatStatus.SUCCEEDED, Duration.ofSeconds(5), Optional.empty()));

        mirror.pump();
        clock.advance(Duration.ofMillis(500));
        mirror.pump();
        assertThat(chat.attempts()).as("no retry before the backoff").isEqualTo(1);

        drain();
        assertThat(chat.calls("post")).extracting(p -> p.message().text()).first().asString().contains("Restore orders DB");
        assertThat(chat.calls("post")).extracting(p -> p.message().text()).last().isEqualTo("Run `r-1` succeeded after 5s");
        assertThat(chat.calls("update").getLast().message().status()).contains(ChatStatus.SUCCEEDED);
    }

    @Test
    void rateLimitedCallsWaitForRetryAfter() {
        chat.failNext(1, () -> ChatDeliveryException.rateLimited("429 from chat.postMessage", Duration.ofSeconds(30)));
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);

        mirror.pump();
        clock.advance(Duration.ofSeconds(29));
        mirror.pump();
        assertThat(chat.attempts()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        mirror.pump();
        assertThat(chat.calls("post")).hasSize(1);
    }

    @Test
    void aPermanentRefusalIsGivenUpAndTheRestStillArrives() {
        chat.failNext(1, () -> ChatDeliveryException.permanent("channel_not_found"));
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        drain();

        assertThat(chat.attempts()).isEqualTo(2);
        assertThat(chat.calls("post")).extracting(p -> p.where()).containsExactly(channel);
    }

    @Test
    void duringALongOutageTheQueueStaysBoundedAndWhatWasDroppedIsAdmitted() {
        chat.failNext(10_000, () -> new IllegalStateException("chat down"));
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.pump();
        for (int i = 0; i < 300; i++) {
            mirror.publish("r-1", new StepOutput("restore", List.of("out " + i)));
            mirror.publish("r-1", new VoteRefused("restore", "Mallory", "not an approver"));
        }
        assertThat(mirror.pending()).isLessThanOrEqualTo(MirrorSettings.DEFAULTS.maxQueuedPerChannel());

        chat.recover();
        mirror.publish("r-1", new StepFinished("restore", ChatStatus.SUCCEEDED, Duration.ofSeconds(9), Optional.of(0), List.of("out 299")));
        mirror.publish("r-1", new RunFinished(ChatStatus.SUCCEEDED, Duration.ofSeconds(10), Optional.empty()));
        clock.advance(Duration.ofMinutes(5));
        drain();

        Call finished = chat.calls("post").stream().filter(p -> p.message().text().startsWith("Step `restore`")).findFirst().orElseThrow();
        assertThat(finished.message().context()).hasValueSatisfying(c -> assertThat(c).contains("output lines were not mirrored"));
        assertThat(chat.calls("upload").getFirst().fileText()).startsWith("out 0\n").contains("out 299\n");
        assertThat(chat.calls("post").getLast().message().context())
                .hasValueSatisfying(c -> assertThat(c).contains("progress messages were not mirrored"));
    }

    @Test
    void approvalsGetButtonsAReactionIndexAndAreClosedWhenDecided() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new ApprovalRequested("restore", 2, List.of("bob", "carol"), Optional.of(Instant.parse("2026-11-25T10:30:00Z"))));
        drain();
        Call request = chat.calls("post").getLast();
        assertThat(request.message().actions()).containsExactly(new ApprovalAction(Decision.APPROVE, "r-1", "restore"),
                new ApprovalAction(Decision.REJECT, "r-1", "restore"));
        assertThat(index.find(request.ref())).contains(new ApprovalAction(Decision.APPROVE, "r-1", "restore"));
        assertThat(chat.calls("update").getLast().message().status()).contains(ChatStatus.AWAITING_APPROVAL);

        mirror.publish("r-1", new VoteRefused("restore", "Alice", "you requested this run; someone else must approve"));
        mirror.publish("r-1", new VoteRecorded("restore", "Bob", Decision.APPROVE, 1, 2));
        mirror.publish("r-1", new VoteRecorded("restore", "Carol", Decision.APPROVE, 2, 2));
        drain();

        assertThat(chat.calls("post")).extracting(p -> p.message().text()).contains(
                "🙅 The vote of Alice on step `restore` does not count: you requested this run; someone else must approve",
                "👍 Bob approved step `restore` (1/2 approvals)");
        Call closed = chat.calls("update").stream().filter(u -> u.ref().equals(request.ref())).findFirst().orElseThrow();
        assertThat(closed.message().actions()).isEmpty();
        assertThat(closed.message().text()).contains("approved (2/2)");
        assertThat(chat.calls("update").getLast().message().status()).contains(ChatStatus.RUNNING);
    }

    @Test
    void anApprovalDecidedWhereThisMirrorCannotSeeItIsClosedWhenTheStepStartsOrEnds() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new ApprovalRequested("restore", 1, List.of("bob"), Optional.empty()));
        drain();
        Call request = chat.calls("post").getLast();
        mirror.publish("r-1", new StepStarted("restore", 1)); // bob approved through another replica
        drain();
        Call approved = chat.calls("update").stream().filter(u -> u.ref().equals(request.ref())).findFirst().orElseThrow();
        assertThat(approved.message().actions()).isEmpty();
        assertThat(approved.message().text()).contains("approved");

        mirror.follow("r-2", channel);
        mirror.publish("r-2", STARTED);
        mirror.publish("r-2", new ApprovalRequested("restore", 1, List.of("bob"), Optional.empty()));
        drain();
        Call second = chat.calls("post").getLast();
        mirror.publish("r-2", new StepFinished("restore", ChatStatus.CANCELLED, Duration.ofSeconds(3), Optional.empty(),
                List.of()));
        drain();
        assertThat(chat.calls("update").stream().filter(u -> u.ref().equals(second.ref())).toList()).singleElement()
                .satisfies(u -> assertThat(u.message().text()).contains("cancelled"));
    }

    @Test
    void retriesSkipsEscalationsAndExpiryReachTheThread() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.publish("r-1", new RunUpdate.StepRetrying("snapshot", 2, Duration.ofSeconds(10), "exit 1"));
        mirror.publish("r-1", new RunUpdate.StepSkipped("snapshot", "already done in the interrupted run"));
        mirror.publish("r-1", new ApprovalRequested("restore", 1, List.of("bob"), Optional.empty()));
        mirror.publish("r-1", new RunUpdate.ApprovalEscalated("restore", List.of("carol", "@dba-leads")));
        mirror.publish("r-1", new RunUpdate.ApprovalExpired("restore"));
        drain();

        assertThat(chat.calls("post")).extracting(p -> p.message().text()).contains(
                "🔁 Step `snapshot` failed (exit 1); attempt 2 in 10s",
                "Step `snapshot` skipped: already done in the interrupted run",
                "📣 Approval for step `restore` escalated to carol, @dba-leads",
                "The approval request for step `restore` expired.");
        Call request = chat.calls("post").stream().filter(p -> !p.message().actions().isEmpty()).findFirst().orElseThrow();
        Call closed = chat.calls("update").stream().filter(u -> u.ref().equals(request.ref())).findFirst().orElseThrow();
        assertThat(closed.message().actions()).isEmpty();
        assertThat(closed.message().status()).contains(ChatStatus.EXPIRED);
    }

    @Test
    void queuedParentUpdatesCollapseIntoOneShowingTheLatestState() {
        mirror.follow("r-1", channel);
        mirror.publish("r-1", STARTED);
        mirror.pump();
        List<String> steps = new ArrayList<>(List.of("a", "b", "c", "d"));
        steps.forEach(s -> mirror.publish("r-1", new StepStarted(s, 1)));
        drain();

        assertThat(chat.calls("update")).hasSize(1);
        assertThat(chat.calls("update").getFirst().message().fields()).contains(new ChatMessage.Field("Current step", "`d`"));
    }

    @Test
    void updatesOfRunsNotFollowedAreIgnored() {
        mirror.publish("r-cli", STARTED);
        mirror.pump();
        assertThat(chat.calls()).isEmpty();
    }
}
