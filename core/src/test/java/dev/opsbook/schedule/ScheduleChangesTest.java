package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleChangesTest {
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
}
