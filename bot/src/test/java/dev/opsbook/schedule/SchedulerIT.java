package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.execution.Run;
import dev.opsbook.execution.RunId;
import dev.opsbook.execution.RunState;
import dev.opsbook.chat.StartDrill;
import dev.opsbook.testing.RecordingChatGateway;
import dev.opsbook.testing.RecordingRunbookOperations;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler on a real engine and database: fires, reconciles, misfire policy, chat listing. */
class SchedulerIT {
    static final SchedulerSettings FAST = new SchedulerSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(1),
            new MisfirePolicy(Duration.ofSeconds(30)), Optional.empty(), Optional.empty(), "UTC");

    @TempDir
    Path dir;
    SchedulerFixture fx;

    @AfterEach
    void close() throws InterruptedException {
        if (fx != null) {
            fx.close();
        }
    }

    static String runbook(String cron, String zone) {
        return """
                ---
                id: nightly
                title: Nightly probe
                service: orders
                owners: [alice]
                runners: [bob]
                schedules:
                  - {cron: "%s", time_zone: %s, run: probe}
                ---
                ## Check

                ```bash {#probe}
                echo probe-ran
                ```
                """.formatted(cron, zone);
    }

    @Test
    void aScheduleStartsRunsAsTheSchedulerMirroredIntoTheAlertChannelAndIsListedInChat() throws Exception {
        fx = new SchedulerFixture(dir);
        fx.write("nightly.md", runbook("* * * * * ?", "UTC"));
        ClusteredScheduler node = fx.node(FAST);

        node.start(ReviewedRunbooks.in(fx.runbooks), "c1");

        RecordedEvent reconciled = fx.audit(AuditActions.SCHEDULE_RECONCILED).getFirst();
        assertThat(reconciled.event().details()).containsEntry("added", "nightly/1-probe").containsEntry("commit", "c1");
        // a fire the machine delayed past the 1 s misfire threshold (a loaded CI machine) is recorded late, and rightly:
        // the next ones come on time
        java.util.function.Predicate<RecordedEvent> onTime = e -> "false".equals(e.event().details().get("late"));
        List<RecordedEvent> fired = fx.awaitAudit(AuditActions.SCHEDULE_FIRED,
                e -> e.size() >= 2 && e.stream().anyMatch(onTime), Duration.ofSeconds(30));
        RecordedEvent first = fired.stream().filter(onTime).findFirst().orElseThrow();
        assertThat(first.event().actor()).isEqualTo(Actor.SCHEDULER);
        assertThat(first.event().result()).isEqualTo("started");
        assertThat(first.event().details()).containsEntry("schedule", "nightly/1-probe").containsEntry("late", "false")
                .containsKeys("scheduled_for", "delivery", "run_id");
        String runId = first.event().details().get("run_id");
        Run run = awaitFinished(runId);
        // alice is no runner (bob is): the run is authorised by the schedule in the runbook itself
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(run.requester().userId()).isEqualTo("scheduler");
        awaitChat(c -> SchedulerFixture.ALERTS.equals(c.where()) && c.message().text().contains("*Nightly probe* — run `" + runId + "`"));

        ChatMessage listing = fx.ask("schedules orders");
        assertThat(listing.text()).contains("`nightly/1-probe` → `probe`", "`* * * * * ?` UTC", "next: ", "last: ")
                .contains("— started `r-");
        assertThat(fx.ask("schedules billing").text()).startsWith("No schedules of billing");
    }

    @Test
    void aDrillScheduleStartsADrillAsTheSchedulerInTheAlertChannelOncePerFireTime() throws Exception {
        fx = new SchedulerFixture(dir);
        fx.write("nightly.md", """
                ---
                id: nightly
                title: Nightly drill
                service: orders
                owners: [alice]
                runners: [bob]
                parameters:
                  - {name: target, type: string, default: scratch}
                schedules:
                  - {cron: "* * * * * ?", time_zone: UTC, run: drill}
                drill:
                  procedure: restore
                  sandbox: {target: drill_scratch}
                ---
                ## Restore

                ```bash {#probe kind=restore approvals=1}
                echo probe-ran "$TARGET"
                ```
                """);
        RecordingRunbookOperations drills = new RecordingRunbookOperations();
        ClusteredScheduler node = ClusteredScheduler.create(fx.engine, fx.operations.scheduledStarts(), drills,
                fx.announcements, FAST, () -> ReviewedRunbooks.in(fx.runbooks));
        try {
            node.start(ReviewedRunbooks.in(fx.runbooks), "c1");
            List<Object> calls = drills.awaitCalls(2, 20_000);
            assertThat(calls).hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> {
                StartDrill drill = (StartDrill) c;
                assertThat(drill.runbookId()).isEqualTo("nightly");
                assertThat(drill.requester().actor()).isEqualTo(Actor.SCHEDULER);
                assertThat(drill.thread()).isEqualTo(SchedulerFixture.ALERTS);
            });
            assertThat(calls).extracting(c -> ((StartDrill) c).deliveryId()).doesNotHaveDuplicates();
        } finally {
            node.close();
        }
        List<RecordedEvent> fired = fx.audit(AuditActions.SCHEDULE_FIRED);
        assertThat(fired).hasSizeGreaterThanOrEqualTo(2).allSatisfy(f -> {
            assertThat(f.event().result()).isEqualTo("drill_started");
            assertThat(f.event().details()).containsEntry("schedule", "nightly/1-drill").containsEntry("reply", "drill nightly");
        });
        assertThat(fired).extracting(f -> f.event().details().get("scheduled_for")).doesNotHaveDuplicates();
    }

    @Test
    void reconcilingAddsChangesAndRemovesSchedulesAndAuditsOnlyChanges() throws Exception {
        fx = new SchedulerFixture(dir);
        fx.write("nightly.md", runbook("0 0 2 * * ?", "UTC"));
        ClusteredScheduler node = fx.node(FAST);
        node.start(ReviewedRunbooks.in(fx.runbooks), "c1");
        ScheduleReconciler reconciler = node.reconciler();

        assertThat(reconciler.reconcile(ReviewedRunbooks.in(fx.runbooks), "c1").isEmpty()).isTrue();
        fx.write("nightly.md", runbook("0 0 3 * * ?", "Europe/Berlin"));
        ScheduleChanges changed = reconciler.reconcile(ReviewedRunbooks.in(fx.runbooks), "c2");
        assertThat(changed.changed()).extracting(ScheduledJob::key).containsExactly("nightly/1-probe");
        assertThat(reconciler.existing()).singleElement().satisfies(j -> {
            assertThat(j.cron()).isEqualTo("0 0 3 * * ?");
            assertThat(j.timeZone()).isEqualTo("Europe/Berlin");
        });
        assertThat(fx.ask("schedules").text()).contains("`0 0 3 * * ?` Europe/Berlin", "next: ", "last: never fired");

        fx.write("nightly.md", runbook("0 0 3 * * ?", "Europe/Berlin").replaceAll("(?s)schedules:.*?\n---", "---"));
        ScheduleChanges removed = reconciler.reconcile(ReviewedRunbooks.in(fx.runbooks), "c3");
        assertThat(removed.removed()).extracting(ScheduledJob::key).containsExactly("nightly/1-probe");
        assertThat(reconciler.existing()).isEmpty();

        assertThat(fx.audit(AuditActions.SCHEDULE_RECONCILED)).extracting(e -> e.event().details().get("commit"))
                .containsExactly("c1", "c2", "c3");
        assertThat(fx.audit(AuditActions.SCHEDULE_RECONCILED).get(1).event().details())
                .containsEntry("changed", "nightly/1-probe").containsEntry("added", "").containsEntry("removed", "");
    }

    @Test
    void aFireMissedWhileNoSchedulerRanRunsOnceLateWithinTheGraceAndIsReported() throws Exception {
        fx = new SchedulerFixture(dir);
        fx.write("nightly.md", runbook("*/2 * * * * ?", "UTC"));
        ClusteredScheduler down = fx.node(FAST);
        down.start(ReviewedRunbooks.in(fx.runbooks), "c1");
        down.close(); // the only node goes away: the next fire times pass with nobody to fire them
        Thread.sleep(5000);

        fx.node(FAST).start(ReviewedRunbooks.in(fx.runbooks), "c1");

        RecordedEvent misfired = fx.awaitAudit(AuditActions.SCHEDULE_MISFIRED, e -> !e.isEmpty(), Duration.ofSeconds(20))
                .getFirst();
        assertThat(misfired.event().result()).isEqualTo("fired_late");
        assertThat(misfired.event().details()).containsEntry("schedule", "nightly/1-probe")
                .containsEntry("policy", "run once late if missed by at most 30s, else skip");
        assertThat(Integer.parseInt(misfired.event().details().get("missed"))).isGreaterThanOrEqualTo(1);
        String missedAt = misfired.event().details().get("scheduled_for");
        List<RecordedEvent> late = fx.awaitAudit(AuditActions.SCHEDULE_FIRED,
                e -> e.stream().anyMatch(f -> f.event().details().get("late").equals("true")), Duration.ofSeconds(20))
                .stream().filter(f -> f.event().details().get("scheduled_for").equals(missedAt)).toList();
        assertThat(late).singleElement().satisfies(f -> {
            assertThat(f.event().details()).containsEntry("late", "true");
            assertThat(f.event().result()).isEqualTo("started");
        });
        awaitChat(c -> SchedulerFixture.ALERTS.equals(c.where())
                && c.message().text().contains("Schedule `nightly/1-probe` missed its fire time " + missedAt)
                && c.message().text().contains("Running it once now, late."));
        assertThat(fx.ask("schedules orders").text()).contains("misfires: ").contains("fired late");
    }

    @Test
    void aFireMissedLongerThanTheGraceIsSkippedAndReported() throws Exception {
        fx = new SchedulerFixture(dir);
        SchedulerSettings noGrace = new SchedulerSettings(2, Duration.ofSeconds(1), Duration.ofSeconds(1),
                new MisfirePolicy(Duration.ZERO), Optional.empty(), Optional.empty(), "UTC");
        fx.write("nightly.md", runbook("*/2 * * * * ?", "UTC"));
        ClusteredScheduler down = fx.node(noGrace);
        down.start(ReviewedRunbooks.in(fx.runbooks), "c1");
        down.close();
        Thread.sleep(5000);

        fx.node(noGrace).start(ReviewedRunbooks.in(fx.runbooks), "c1");

        RecordedEvent misfired = fx.awaitAudit(AuditActions.SCHEDULE_MISFIRED, e -> !e.isEmpty(), Duration.ofSeconds(20))
                .getFirst();
        assertThat(misfired.event().result()).isEqualTo("skipped");
        awaitChat(c -> SchedulerFixture.ALERTS.equals(c.where()) && c.message().text().contains("Skipped; it runs again"));
        Thread.sleep(1500);
        List<String> missed = List.of(misfired.event().details().get("first_missed"), misfired.event().details().get("scheduled_for"));
        assertThat(fx.audit(AuditActions.SCHEDULE_FIRED)).allSatisfy(f -> {
            assertThat(f.event().details()).containsEntry("late", "false");
            assertThat(missed).doesNotContain(f.event().details().get("scheduled_for"));
        });
    }

    private Run awaitFinished(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Run> run = fx.engine.runs().find(new RunId(runId));
            if (run.isPresent() && run.get().state().isFinal()) {
                return run.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish within 30 s");
    }

    private void awaitChat(java.util.function.Predicate<RecordingChatGateway.Call> match) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (fx.chat.calls().stream().anyMatch(match)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching chat call; calls: " + fx.chat.calls());
    }
}
