package dev.opsbook.chatops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.MirrorSettings;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.execution.Confirmation;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.RunTarget;
import dev.opsbook.execution.StartRun;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.StepKind;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RunbookFixtures;
import dev.opsbook.testing.StepFixture;
import dev.opsbook.testing.TestEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's events of a real (fake-stored) run become the thread the mirror posts. */
class RunThreadListenerTest {
    @TempDir
    Path runs;

    private final FakeClock chatClock = FakeClock.at("2026-11-25T10:00:00Z");
    private final RecordingChatGateway chat = new RecordingChatGateway();
    private final RunThreadMirror mirror = new RunThreadMirror(chat, chatClock,
            new MirrorSettings(Duration.ofSeconds(1), 2500, 100_000, 200, 5, Duration.ofSeconds(5), Optional.empty()),
            new InMemoryApprovalMessageIndex(10));

    @Test
    void aRetriedFailingStepAndItsFailedRunAppearInTheThread() {
        Runbook rb = RunbookFixtures.runbook("flaky").step(StepFixture.step("probe").kind(StepKind.CHECK)
                .code("echo probing; exit 3").retries(1).section("Check").build()).build();
        TestEngine engine = new TestEngine(runs);
        List<String> seen = new ArrayList<>();
        RunThreadListener listener = new RunThreadListener(mirror, ChatThread.channel("discord", "C1"), rb,
                run -> seen.add("started " + run.id()), run -> seen.add("finished " + run.state().label()));

        Run run = new RunExecutor(engine.ports(), engine.settings, StepRunner.defaults(), List.of(listener), Confirmation.NOBODY)
                .start(new StartRun(rb, "", RunTarget.procedure("check"), Map.of(), new Actor("discord", "alice", "Alice")));
        for (int i = 0; i < 50 && mirror.pending() > 0; i++) {
            chatClock.advance(Duration.ofSeconds(1));
            mirror.pump();
        }

        assertThat(seen).containsExactly("started " + run.id(), "finished failed");
        List<String> posts = chat.calls("post").stream().map(c -> c.message().fallbackText()).toList();
        assertThat(posts.getFirst()).contains("run `" + run.id() + "`");
        assertThat(String.join("\n", posts)).contains("*Plan* (1 step)", "`probe` check — Check", "Step `probe` started",
                "🔁 Step `probe` failed", "attempt 2", "Step `probe` failed in", "(exit 3)", "probing",
                "Run `" + run.id() + "` failed");
        assertThat(chat.calls("update").getLast().message().status()).contains(ChatStatus.FAILED);
    }
}
