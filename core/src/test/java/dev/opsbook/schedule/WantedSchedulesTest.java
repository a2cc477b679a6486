package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.runbook.Runbook;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WantedSchedulesTest {
    static Runbook runbook(String id, String schedules) {
        String md = "---\nid: " + id + "\ntitle: T\nservice: svc\nowners: [alice]\nschedules:\n" + schedules + "---\n"
                + "## Backup\n\n```bash {#dump kind=backup}\necho dump\n```\n\n## Check\n\n```bash {#probe}\necho ok\n```\n";
        return RunbookParser.parse(id + ".md", md.getBytes(StandardCharsets.UTF_8)).runbook().orElseThrow();
    }

    @Test
    void keysAreRunbookIdIndexAndTargetAndBadSchedulesAreReportedNotScheduled() {
        Runbook rb = runbook("orders-db", """
                  - {cron: "0 0 2 * * ?", time_zone: Europe/Berlin, run: backup}
                  - {cron: "0 0 3 * * ?", run: probe}
                  - {cron: "0 0 4 ? * SUN", run: drill}
                  - {cron: "0 0 5 * * ?", run: nowhere}
                  - {cron: "0 0 6 * * ?", time_zone: Mars/Olympus, run: backup}
                """);
        WantedSchedules wanted = WantedSchedules.of(List.of(rb));
        assertThat(wanted.jobs()).extracting(ScheduledJob::key)
                .containsExactly("orders-db/1-backup", "orders-db/2-probe", "orders-db/3-drill");
        assertThat(wanted.jobs().getFirst().timeZone()).isEqualTo("Europe/Berlin");
        assertThat(wanted.jobs().get(1).timeZone()).isEqualTo("UTC");
        assertThat(wanted.jobs().get(2).drill()).isTrue();
        assertThat(wanted.problems()).hasSize(2);
        assertThat(wanted.problems().get(0)).startsWith("orders-db schedule 4 (orders-db.md:").contains("`run: nowhere`");
        assertThat(wanted.problems().get(1)).contains("unknown time zone `Mars/Olympus`");
    }

    @Test
    void changesAddRemoveAndRetimeByKey() {
        ScheduledJob kept = new ScheduledJob("a", 1, "0 0 2 * * ?", "UTC", "backup");
        ScheduledJob retimedOld = new ScheduledJob("a", 2, "0 0 3 * * ?", "UTC", "probe");
        ScheduledJob retimedNew = new ScheduledJob("a", 2, "0 0 3 * * ?", "Europe/Berlin", "probe");
        ScheduledJob gone = new ScheduledJob("b", 1, "0 0 4 * * ?", "UTC", "backup");
        ScheduledJob added = new ScheduledJob("c", 1, "0 0 5 * * ?", "UTC", "drill");

        ScheduleChanges changes = ScheduleChanges.between(List.of(kept, retimedNew, added), List.of(kept, retimedOld, gone));

        assertThat(changes.added()).containsExactly(added);
        assertThat(changes.removed()).containsExactly(gone);
        assertThat(changes.changed()).containsExactly(retimedNew);
        assertThat(ScheduleChanges.between(List.of(kept), List.of(kept)).isEmpty()).isTrue();
        assertThat(ScheduleChanges.keys(List.of(kept, added))).isEqualTo("a/1-backup,c/1-drill");
    }

    @Test
    void misfiresWithinGraceFireLateOlderOnesAreSkipped() {
        MisfirePolicy policy = new MisfirePolicy(Duration.ofMinutes(15));
        Instant due = Instant.parse("2026-01-01T02:00:00Z");
        assertThat(policy.decide(due, due.plus(Duration.ofMinutes(15)))).isEqualTo(MisfirePolicy.Outcome.FIRED_LATE);
        assertThat(policy.decide(due, due.plus(Duration.ofMinutes(16)))).isEqualTo(MisfirePolicy.Outcome.SKIPPED);
        assertThat(MisfirePolicy.Outcome.FIRED_LATE.result()).isEqualTo("fired_late");
        assertThat(policy.describe()).isEqualTo("run once late if missed by at most 15m, else skip");
    }
}
