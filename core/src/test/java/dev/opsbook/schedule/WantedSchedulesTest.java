package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.runbook.Runbook;
import java.nio.charset.StandardCharsets;
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
}
