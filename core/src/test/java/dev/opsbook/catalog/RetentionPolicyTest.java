package dev.opsbook.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {
    // Wednesday 2026-11-25 12:00 UTC
    final FakeClock clock = FakeClock.at("2026-11-25T12:00:00Z");

    /** One backup every 6 hours for 120 days before the clock. */
    List<BackupArtifact> history() {
        List<BackupArtifact> all = new ArrayList<>();
        Instant t = clock.instant().minus(Duration.ofDays(120));
        for (int i = 0; !t.isAfter(clock.instant()); i++, t = t.plus(Duration.ofHours(6))) {
            all.add(Artifacts.at(String.format("a%04d", i), t.toString()));
        }
        return all;
    }

    static List<String> ids(List<BackupArtifact> as) {
        return as.stream().map(BackupArtifact::id).toList();
    }

    List<BackupArtifact> kept(RetentionPolicy p, List<BackupArtifact> all) {
        List<BackupArtifact> pruned = p.prunable(all, clock.instant());
        return all.stream().filter(a -> !pruned.contains(a)).toList();
    }

    @Test
    void keepLastKeepsTheNewestN() {
        List<BackupArtifact> all = history();
        List<BackupArtifact> kept = kept(new RetentionPolicy(3, 0, 0, 0, Optional.empty()), all);
        assertThat(ids(kept)).isEqualTo(ids(all.subList(all.size() - 3, all.size())));
        assertThat(new RetentionPolicy(3, 0, 0, 0, Optional.empty()).prunable(all, clock.instant()))
                .hasSize(all.size() - 3).first().isEqualTo(all.getFirst()); // oldest first
    }

    @Test
    void dailyTierKeepsTheNewestOfEachOfTheLastDDays() {
        List<BackupArtifact> kept = kept(new RetentionPolicy(0, 7, 0, 0, Optional.empty()), history());
        assertThat(kept).extracting(a -> a.created().toString()).containsExactly(
                "2026-11-19T18:00:00Z", "2026-11-20T18:00:00Z", "2026-11-21T18:00:00Z", "2026-11-22T18:00:00Z",
                "2026-11-23T18:00:00Z", "2026-11-24T18:00:00Z", "2026-11-25T12:00:00Z");
    }

    @Test
    void weeklyTierUsesIsoWeeksStartingMonday() {
        List<BackupArtifact> kept = kept(new RetentionPolicy(0, 0, 3, 0, Optional.empty()), history());
        // this week (Mon 23rd..): newest is now; previous weeks end Sunday 22nd and 15th at 18:00
        assertThat(kept).extracting(a -> a.created().toString())
                .containsExactly("2026-11-15T18:00:00Z", "2026-11-22T18:00:00Z", "2026-11-25T12:00:00Z");
    }

    @Test
    void monthlyTierKeepsTheNewestOfEachMonth() {
        List<BackupArtifact> kept = kept(new RetentionPolicy(0, 0, 0, 3, Optional.empty()), history());
        assertThat(kept).extracting(a -> a.created().toString())
                .containsExactly("2026-09-30T18:00:00Z", "2026-10-31T18:00:00Z", "2026-11-25T12:00:00Z");
    }

    @Test
    void tiersCombineAndAMonthLaterTheOldOnesExpire() {
        RetentionPolicy p = RetentionPolicy.parse("keep-last=2 daily=2 weekly=2 monthly=2");
        List<BackupArtifact> all = history();
        assertThat(kept(p, all)).extracting(a -> a.created().toString()).containsExactly(
                "2026-10-31T18:00:00Z", "2026-11-22T18:00:00Z", "2026-11-24T18:00:00Z", "2026-11-25T06:00:00Z",
                "2026-11-25T12:00:00Z");
        clock.advance(Duration.ofDays(40));
        assertThat(kept(p, all)).extracting(a -> a.created().toString())
                .containsExactly("2026-11-25T06:00:00Z", "2026-11-25T12:00:00Z");
    }

    @Test
    void theRunbookFormatsProseFormReadsAsTiers() {
        assertThat(RetentionPolicy.parse("7 daily, 4 weekly")).isEqualTo(new RetentionPolicy(0, 7, 4, 0, Optional.empty()));
        assertThat(RetentionPolicy.parse("keep-last=2, 6 monthly max-age=90d"))
                .isEqualTo(new RetentionPolicy(2, 0, 0, 6, Optional.of(Duration.ofDays(90))));
        assertThat(RetentionPolicy.longest(RetentionPolicy.parse("30d"), RetentionPolicy.parse("keep-last=3 max-age=7d")))
                .isEqualTo(new RetentionPolicy(3, 0, 0, 0, Optional.of(Duration.ofDays(30))));
    }

    @Test
    void locksAreNeverPruned() {
        List<BackupArtifact> all = new ArrayList<>(history());
        BackupArtifact oldest = all.getFirst().withLocked(true);
        all.set(0, oldest);
        List<BackupArtifact> pruned = new RetentionPolicy(1, 0, 0, 0, Optional.empty()).prunable(all, clock.instant());
        assertThat(pruned).hasSize(all.size() - 2).doesNotContain(oldest);
    }

    @Test
    void aDurationKeepsEverythingYoungerAndAlwaysTheNewest() {
        RetentionPolicy p = RetentionPolicy.parse("30d");
        assertThat(p.describe()).isEqualTo("keep-last=1 max-age=30d");
        List<BackupArtifact> all = history();
        assertThat(kept(p, all)).hasSize(30 * 4).allMatch(a -> a.created().isAfter(clock.instant().minus(Duration.ofDays(30))));
        clock.advance(Duration.ofDays(365));
        assertThat(ids(kept(p, all))).containsExactly(ids(all).getLast());
    }

    @Test
    void unreadablePoliciesAreRefusedClearly() {
        assertThatThrownBy(() -> RetentionPolicy.parse("daily=seven"))
                .hasMessage("retention \"daily=seven\": cannot read \"daily=seven\"; use a duration like 30d, or rules like "
                        + "keep-last=3 daily=7 weekly=4 monthly=6 max-age=90d");
        assertThatThrownBy(() -> RetentionPolicy.parse("hourly=3")).hasMessageContaining("cannot read \"hourly=3\"");
        assertThatThrownBy(() -> RetentionPolicy.parse("keep-last=0")).hasMessageContaining("needs at least one rule");
    }
}
