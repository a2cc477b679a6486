package dev.opsbook.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatThread;
import dev.opsbook.chat.InMemoryApprovalMessageIndex;
import dev.opsbook.chat.MirrorSettings;
import dev.opsbook.chat.RunThreadMirror;
import dev.opsbook.approval.Directory;
import dev.opsbook.chatops.RunThreads;
import dev.opsbook.engine.Engine;
import dev.opsbook.engine.EngineSettings;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.failover.Decision;
import dev.opsbook.failover.RefusalReason;
import dev.opsbook.jdbc.AdvisoryLeadership;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.reload.RunbookDirectory;
import dev.opsbook.testing.FakeClock;
import dev.opsbook.testing.RecordingChatGateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog on a real engine and PostgreSQL, driven loop by loop on a fake clock: an automatic
 * failover with a staged traffic shift (weights reach the step as $WEIGHT, probes checked between
 * stages), a failed stage that stops and rolls back, and two replicas of which only the leader acts.
 * The service is a command probe on a file the steps create and remove.
 */
class FailoverWatchdogIT {
    static final String RUNBOOK = """
            ---
            id: web-failover
            title: Web failover
            service: web
            owners: [alice]
            approvers: [bob]
            parameters:
              - name: state_dir
                default: "%s"
              - name: weight
                type: int
                default: "0"
            failover:
              procedure: failover
              automatic: %s
              interval: 1s
              retry_timeout: 1s
              ttl: 5s
              promote:
                failing: 80%%
                window: 3s
              recover:
                window: 3s
              cooldown: 10m
              max_per_hour: 3
              probes:
                - name: web
                  command: test ! -f "$STATE_DIR/down"
              stages:
                step: shift
                parameter: weight
                weights: [10, 50, 100]
            ---
            ## Failover

            ```bash {#promote kind=failover approvals=1}
            echo promoted >>"$STATE_DIR/log"
            rm -f "$STATE_DIR/down"
            ```

            ## Traffic

            ```bash {#shift kind=failover approvals=1 rollback=unshift}
            echo "$WEIGHT" >>"$STATE_DIR/weights"
            echo "stage $WEIGHT" >>"$STATE_DIR/traffic"
            if [ -f "$STATE_DIR/fail-run-at" ] && [ "$WEIGHT" -ge "$(cat "$STATE_DIR/fail-run-at")" ]; then exit 1; fi
            if [ -f "$STATE_DIR/fail-at" ] && [ "$WEIGHT" -ge "$(cat "$STATE_DIR/fail-at")" ]; then touch "$STATE_DIR/down"; fi
            ```

            ```bash {#unshift kind=rollback}
            echo "rolled back" >>"$STATE_DIR/log"
            echo "rollback $WEIGHT" >>"$STATE_DIR/traffic"
            rm -f "$STATE_DIR/down"
            ```
            """;

    @TempDir
    Path tmp;
    TestDatabase db;
    Engine engine;
    RunThreads runThreads;
    final FakeClock clock = FakeClock.at("2026-03-01T10:00:00Z");
    final RecordingChatGateway chat = new RecordingChatGateway();
    Path state;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.create();
        state = Files.createDirectories(tmp.resolve("state"));
        Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(tmp.resolve("runbooks/web.md"), RUNBOOK.formatted(state, "true"));
        engine = Engine.open(new EngineSettings(DatabaseSettings.external(db.url(), db.user(), db.password()), tmp.resolve("home"),
                Directory.EMPTY, SecretProvider.NONE, List.of(), System.getenv(), (p, m) -> { }), clock);
        runThreads = new RunThreads(Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        runThreads.close();
        engine.close();
        db.close();
    }

    FailoverWatchdog watchdog() {
        RunThreadMirror mirror = new RunThreadMirror(chat, clock, MirrorSettings.DEFAULTS, new InMemoryApprovalMessageIndex(100));
        return FailoverWatchdogs.open(engine, tmp.resolve("runbooks"), mirror, runThreads,
                new Announcements(chat, List.of(ChatThread.channel("test", "CALERT"))), new SimpleMeterRegistry(), clock,
                d -> { }, System.getenv());
    }

    List<Decision> ticks(FailoverWatchdog w, int n) {
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            out.addAll(w.tick("web"));
        }
        return out;
    }

    @Test
    void anAutomaticFailoverRunsWithoutApprovalAndShiftsTrafficInStages() throws Exception {
        FailoverWatchdog w = watchdog();
        assertThat(ticks(w, 4)).singleElement().isInstanceOf(Decision.Rearmed.class);
        Files.writeString(state.resolve("down"), "");
        List<Decision> decisions = ticks(w, 4);
        assertThat(decisions).filteredOn(Decision.Proposed.class::isInstance).singleElement()
                .satisfies(d -> assertThat(((Decision.Proposed) d).automatic()).isTrue());

        RecordedEvent executed = awaitAudit(e -> e.event().action().equals("failover.executed"));
        assertThat(executed.event().result()).isEqualTo("succeeded");
        assertThat(executed.event().details().get("run_state")).isEqualTo("succeeded, all stages healthy");
        assertThat(Files.readAllLines(state.resolve("weights"))).containsExactly("10", "50", "100");
        assertThat(actions()).containsSubsequence("failover.proposed proposed", "failover.approved approved",
                "failover.stage passed", "failover.stage passed", "failover.stage passed", "failover.executed succeeded");
        assertThat(failoverEvents("failover.approved")).allSatisfy(e ->
                assertThat(e.event().details().get("reason")).startsWith("failover.automatic: true"));
        assertThat(announced()).anyMatch(t -> t.contains("Failover proposed for `web`") && t.contains("without waiting for approvals"))
                .anyMatch(t -> t.contains("Traffic stage *50%* of `web`: all probes healthy"))
                .anyMatch(t -> t.contains("Failover of `web` done"));

        assertThat(ticks(w, 4)).singleElement().isInstanceOfSatisfying(Decision.Rearmed.class, r -> assertThat(r.first()).isFalse());
        Files.writeString(state.resolve("down"), "");
        assertThat(ticks(w, 6)).filteredOn(Decision.Refused.class::isInstance).singleElement()
                .satisfies(d -> assertThat(((Decision.Refused) d).reason()).isEqualTo(RefusalReason.COOLDOWN));
        assertThat(failoverEvents("failover.refused")).last().satisfies(e -> {
            assertThat(e.event().result()).isEqualTo("cooldown");
            assertThat(e.event().details().get("reason")).startsWith("cooldown: the last failover ended less than 10m ago");
        });
        assertThat(failoverEvents("failover.rearmed")).hasSize(2);
        assertThat(announced()).anyMatch(t -> t.contains("is armed again"))
                .anyMatch(t -> t.contains("*Failover of `web` not proposed* (cooldown)"));
        assertThat(AuditVerifier.verify(engine.audit()).intact()).isTrue();
        w.close();
    }

    @Test
    void aFailedStageCheckStopsTheShiftAndRollsBack() throws Exception {
        Files.writeString(state.resolve("fail-at"), "50");
        FailoverWatchdog w = watchdog();
        ticks(w, 4);
        Files.writeString(state.resolve("down"), "");
        ticks(w, 4);

        RecordedEvent executed = awaitAudit(e -> e.event().action().equals("failover.executed"));
        assertThat(executed.event().result()).isEqualTo("failed");
        assertThat(executed.event().details().get("run_state")).startsWith("staged shift stopped: stage 50%: probes failing: web: exit code 1");
        assertThat(Files.readAllLines(state.resolve("weights"))).containsExactly("10", "50");
        assertThat(Files.readAllLines(state.resolve("log"))).containsExactly("promoted", "rolled back");
        assertThat(failoverEvents("failover.stage")).extracting(e -> e.event().details().get("weight") + " " + e.event().result())
                .containsExactly("10 passed", "50 failed");
        assertThat(Files.readAllLines(state.resolve("traffic"))).containsExactly("stage 10", "stage 50", "rollback 50");
        RecordedEvent failedStage = failoverEvents("failover.stage").getLast();
        assertThat(failoverEvents("failover.rolled_back")).singleElement().satisfies(e -> {
            assertThat(e.event().runId()).isPresent().isNotEqualTo(failedStage.event().runId());
            assertThat(e.event().details()).containsEntry("rolled_back_by", e.event().runId().orElseThrow())
                    .containsEntry("how", "a rollback run").containsEntry("stage_run", failedStage.event().runId().orElseThrow());
        });
        assertThat(announced()).anyMatch(t -> t.contains("Traffic stage *50%* of `web`: failed"));
        w.close();
    }

    @Test
    void aFailingStageRunIsRolledBackOnceByItsOwnRollbackAndTheAuditSaysWhichRun() throws Exception {
        Files.writeString(state.resolve("fail-run-at"), "50");
        FailoverWatchdog w = watchdog();
        ticks(w, 4);
        Files.writeString(state.resolve("down"), "");
        ticks(w, 4);

        RecordedEvent executed = awaitAudit(e -> e.event().action().equals("failover.executed"));
        assertThat(executed.event().result()).isEqualTo("failed");
        assertThat(Files.readAllLines(state.resolve("traffic"))).containsExactly("stage 10", "stage 50", "rollback 50");
        RecordedEvent failedStage = failoverEvents("failover.stage").getLast();
        assertThat(failedStage.event().result()).isEqualTo("failed");
        assertThat(failoverEvents("failover.rolled_back")).singleElement().satisfies(e -> {
            assertThat(e.event().runId()).isEqualTo(failedStage.event().runId());
            assertThat(e.event().result()).isEqualTo("succeeded");
            assertThat(e.event().details()).containsEntry("weight", "50").containsEntry("step", "unshift")
                    .containsEntry("rolled_back_by", failedStage.event().runId().orElseThrow())
                    .containsEntry("how", "the stage run's own rollback");
        });
        assertThat(announced()).anyMatch(t -> t.contains("rolled back by run " + failedStage.event().runId().orElseThrow()));
        w.close();
    }

    @Test
    void ofTwoReplicasOnlyTheLeaderProposesTheOtherRefusesInTheAuditLogOnly() throws Exception {
        FailoverWatchdog first = watchdog();
        FailoverWatchdog second = watchdog();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            first.tick("web");
            second.tick("web");
        }
        Files.writeString(state.resolve("down"), "");
        List<Decision> one = new ArrayList<>();
        List<Decision> two = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            one.addAll(first.tick("web"));
            two.addAll(second.tick("web"));
        }
        assertThat(one).filteredOn(Decision.Proposed.class::isInstance).hasSize(1);
        assertThat(two).filteredOn(Decision.Refused.class::isInstance).singleElement()
                .satisfies(d -> assertThat(((Decision.Refused) d).reason()).isEqualTo(RefusalReason.NOT_LEADER));
        awaitAudit(e -> e.event().action().equals("failover.executed"));
        assertThat(failoverEvents("failover.proposed")).hasSize(1);
        assertThat(failoverEvents("failover.refused")).extracting(e -> e.event().result()).containsOnlyOnce("not leader");
        assertThat(announced()).noneMatch(t -> t.contains("not leader"));
        assertThat(second.status(java.util.Optional.of("web")).text()).contains("(not the leader on this replica)");
        first.close();
        second.close();
    }

    @Test
    void aRejectedProposalIsNotRunAndTheSameIncidentIsNotProposedAgain() throws Exception {
        Files.writeString(tmp.resolve("runbooks/web.md"), RUNBOOK.formatted(state, "false"));
        FailoverWatchdog w = watchdog();
        ticks(w, 4);
        Files.writeString(state.resolve("down"), "");
        ticks(w, 4);
        dev.opsbook.execution.Run waiting = awaitWaitingRun();
        assertThat(waiting.requester()).isEqualTo(dev.opsbook.execution.StandingApproval.CONTROLLER);
        engine.desk().cast(new dev.opsbook.approval.CastVote(waiting.id().value(), new dev.opsbook.audit.Actor("cli", "bob", "bob"),
                dev.opsbook.approval.Decision.REJECT, "the standby is being patched", java.util.Optional.empty()));

        RecordedEvent notRun = awaitAudit(e -> e.event().action().equals("failover.refused") && e.event().result().equals("not run"));
        assertThat(notRun.event().details().get("reason")).contains("rejected", "the standby is being patched");
        assertThat(ticks(w, 20)).noneMatch(Decision.Proposed.class::isInstance);
        assertThat(w.status(java.util.Optional.of("web")).fields()).anySatisfy(f -> {
            assertThat(f.label()).isEqualTo("Cooldown left");
            assertThat(f.value()).isEqualTo("none");
        });
        assertThat(state.resolve("log")).doesNotExist();
        assertThat(failoverEvents("failover.proposed")).hasSize(1);
        w.close();
    }

    @Test
    void reloadsStartStopRestartAndKeepControllersAndReleaseTheLeadershipOfARemovedService() throws Exception {
        Path web = tmp.resolve("runbooks/web.md");
        Path db = tmp.resolve("runbooks/db.md");
        String original = Files.readString(web);
        ScheduledThreadPoolExecutor loops = new ScheduledThreadPoolExecutor(1);
        loops.setRemoveOnCancelPolicy(true);
        CountDownLatch never = new CountDownLatch(1);
        loops.execute(() -> awaitQuietly(never)); // holds the only thread: loops are scheduled, never run
        FailoverWatchdog w = watchdog();
        w.start(loops);
        assertThat(loops.getQueue()).hasSize(1);
        assertThat(ticks(w, 4)).singleElement().isInstanceOf(Decision.Rearmed.class);
        assertThat(w.status(Optional.of("web")).text()).contains(": watching");

        // an edit outside the failover block keeps the armed controller: a sustained outage is proposed at once
        Files.writeString(web, original.replace("title: Web failover", "title: Web failover (edited)"));
        WatchChanges kept = w.reload(RunbookDirectory.read(tmp.resolve("runbooks")), "c1");
        assertThat(kept.isEmpty()).isTrue();
        assertThat(kept.kept()).extracting(rb -> rb.title()).containsExactly("Web failover (edited)");
        assertThat(w.status(Optional.of("web")).text()).contains(": watching");
        assertThat(failoverEvents("failover.reloaded")).isEmpty();

        // a new failover: block starts being watched, in its own loop
        Files.writeString(db, original.replace("id: web-failover", "id: db-failover").replace("service: web", "service: db"));
        WatchChanges started = w.reload(RunbookDirectory.read(tmp.resolve("runbooks")), "c2");
        assertThat(started.started()).extracting(rb -> rb.service()).containsExactly("db");
        assertThat(w.services()).containsExactlyInAnyOrder("web", "db");
        assertThat(loops.getQueue()).hasSize(2);
        assertThat(w.tick("db")).isEmpty();
        assertThat(new AdvisoryLeadership(engine.database().dataSource()).lead("db", Duration.ofSeconds(1))).isFalse();

        // a changed block restarts unarmed, said in the alert channel (this replica leads it) and the audit log
        Files.writeString(web, original.replace("cooldown: 10m", "cooldown: 20m"));
        WatchChanges restarted = w.reload(RunbookDirectory.read(tmp.resolve("runbooks")), "c3");
        assertThat(restarted.restarted()).extracting(rb -> rb.service()).containsExactly("web");
        assertThat(w.status(Optional.of("web")).text()).contains(": recovering");
        assertThat(loops.getQueue()).hasSize(2);
        assertThat(announced()).anyMatch(t -> t.contains("`web`: its failover block changed") && t.contains("restarts unarmed"));
        assertThat(failoverEvents("failover.reloaded")).last().satisfies(e -> assertThat(e.event().details())
                .containsEntry("restarted", "web").containsEntry("kept", "db").containsEntry("commit", "c3"));

        // a removed block stops: no loop, no ticks, and another replica may lead the service at once
        Files.delete(db);
        WatchChanges stopped = w.reload(RunbookDirectory.read(tmp.resolve("runbooks")), "c4");
        assertThat(stopped.stopped()).containsExactly("db");
        assertThat(w.services()).containsExactly("web");
        assertThat(loops.getQueue()).hasSize(1);
        assertThat(w.tick("db")).isEmpty();
        AdvisoryLeadership other = new AdvisoryLeadership(engine.database().dataSource());
        assertThat(other.lead("db", Duration.ofSeconds(1))).isTrue();
        other.close();
        assertThat(announced()).anyMatch(t -> t.contains("`db` is no longer watched"));
        assertThat(failoverEvents("failover.reloaded")).last().satisfies(e -> assertThat(e.event().details())
                .containsEntry("stopped", "db").containsEntry("commit", "c4"));

        // a file with lint errors stops being watched and is listed with the reason
        Files.writeString(web, original.replace("ttl: 5s", "ttl: 2s"));
        assertThat(w.reload(RunbookDirectory.read(tmp.resolve("runbooks")), "c5").stopped()).containsExactly("web");
        assertThat(w.status(Optional.empty()).text()).contains("not watched: `web-failover` has lint errors");
        assertThat(loops.getQueue()).isEmpty();
        assertThat(AuditVerifier.verify(engine.audit()).intact()).isTrue();
        w.close();
        never.countDown();
        loops.shutdownNow();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private dev.opsbook.execution.Run awaitWaitingRun() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (dev.opsbook.execution.Run r : engine.runs().recent(5)) {
                if (r.state() == dev.opsbook.execution.RunState.AWAITING_APPROVAL) {
                    return r;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no run waiting for approval in 30 s; failover events: " + actions());
    }

    private List<String> announced() {
        return chat.calls("post").stream().filter(c -> c.where().channel().equals("CALERT") && c.where().threadId().isEmpty())
                .map(c -> c.message().text()).toList();
    }

    private List<String> actions() {
        return all().stream().filter(e -> e.event().action().startsWith("failover."))
                .map(e -> e.event().action() + " " + e.event().result() + (e.event().result().equals("not run") ? " " + e.event().details() : "")).toList();
    }

    private List<RecordedEvent> failoverEvents(String action) {
        return all().stream().filter(e -> e.event().action().equals(action)).toList();
    }

    private List<RecordedEvent> all() {
        List<RecordedEvent> events = new ArrayList<>();
        engine.audit().read(1, events::add);
        return events;
    }

    private RecordedEvent awaitAudit(Predicate<RecordedEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (RecordedEvent e : all()) {
                if (match.test(e)) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such audit event in 30 s; failover events: " + actions());
    }
}
