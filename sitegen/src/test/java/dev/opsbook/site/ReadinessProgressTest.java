package dev.opsbook.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.site.history.BackupRecord;
import dev.opsbook.site.history.DrillRecord;
import dev.opsbook.site.history.RunbookHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The scorecard tells "not run yet" from "failing": a runbook moves from "Not proven yet" (next: run
 * a backup) to "Not proven yet" (next: run a drill) to "Ready" as its first backup and drill happen,
 * and only a real fault (a stale backup, a failed or too slow drill) makes it worse.
 */
class ReadinessProgressTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    final Runbook orders = SampleRunbooks.orders();

    RunbookEntry entry(Optional<RunbookHistory> history) {
        return new RunbookEntry(new ParsedRunbook(orders.path(), Optional.of(orders), List.of()), "orders-db",
                ReadinessPolicy.check(orders, history, NOW), history, Optional.empty());
    }

    static RunbookHistory history(Optional<Instant> backup, List<DrillRecord> drills) {
        return new RunbookHistory(List.of(), backup.map(t -> new BackupRecord("run-1", "dump-orders", t)), drills);
    }

    @Test
    void firstBackupAndFirstDrillOnlyMoveForward() {
        RunbookEntry noHistory = entry(Optional.empty());
        RunbookEntry nothingRun = entry(Optional.of(RunbookHistory.EMPTY));
        RunbookEntry backedUp = entry(Optional.of(history(Optional.of(NOW.minusSeconds(60)), List.of())));
        RunbookEntry drilled = entry(Optional.of(history(Optional.of(NOW.minusSeconds(60)),
                List.of(new DrillRecord("drill-1", NOW.minusSeconds(30), Duration.ofMinutes(5), orders.rto(), true)))));

        assertThat(List.of(noHistory, nothingRun, backedUp, drilled)).extracting(RunbookEntry::status)
                .containsExactly("next", "next", "next", "ready");
        assertThat(nothingRun.statusLabel()).isEqualTo("Not proven yet");
        assertThat(nothingRun.warnings()).isZero();
        assertThat(nothingRun.errors()).isZero();
        assertThat(nextActions(nothingRun)).containsExactly(
                "Run a backup: `opsbook run " + orders.path() + " backup` (or let its schedule fire).",
                "Add a `drill:` block naming a sandbox, then run a drill: `opsbook drill " + orders.path() + "`.");
        assertThat(nextActions(backedUp)).containsExactly(
                "Add a `drill:` block naming a sandbox, then run a drill: `opsbook drill " + orders.path() + "`.");
        assertThat(noHistory.policy()).extracting(PolicyFinding::rule).containsExactly("history-unknown");
        assertThat(drilled.policy()).isEmpty();
    }

    @Test
    void aRunbookWithADrillSandboxIsToldToRunTheDrill() throws Exception {
        java.nio.file.Path sample = java.nio.file.Path.of("..", "runbooks", "sessions-cache.md");
        Runbook sessions = dev.opsbook.runbook.RunbookParser.parse("runbooks/sessions-cache.md", java.nio.file.Files.readAllBytes(sample))
                .runbook().orElseThrow();
        List<PolicyFinding> backedUp = ReadinessPolicy.check(sessions, Optional.of(history(Optional.of(NOW.minusSeconds(60)), List.of())), NOW);
        assertThat(backedUp).extracting(PolicyFinding::rule).containsExactly("never-drilled");
        assertThat(backedUp.getFirst().next()).contains(
                "Run a drill: `opsbook drill runbooks/sessions-cache.md` (or `/runbook drill sessions-cache`).");
    }

    @Test
    void aStaleBackupOrAFailedDrillIsAFaultWithItsNextAction() {
        List<DrillRecord> passed = List.of(new DrillRecord("drill-1", NOW.minusSeconds(30), Duration.ofMinutes(5), orders.rto(), true));
        RunbookEntry stale = entry(Optional.of(history(Optional.of(NOW.minus(Duration.ofDays(3))), passed)));
        assertThat(stale.status()).isEqualTo("attention");
        assertThat(stale.policy()).extracting(PolicyFinding::rule).containsExactly("backup-older-than-rpo");
        assertThat(nextActions(stale)).singleElement().asString().startsWith("Run a backup now: `opsbook run " + orders.path() + " backup`");

        RunbookEntry failedDrill = entry(Optional.of(history(Optional.of(NOW.minusSeconds(60)), List.of(new DrillRecord("drill-2",
                NOW.minusSeconds(10), Duration.ofMinutes(1), orders.rto(), false, Optional.of("checksum mismatch"), java.util.Map.of(), List.of())))));
        assertThat(failedDrill.status()).isEqualTo("not-ready");
        assertThat(failedDrill.policy()).extracting(PolicyFinding::rule).containsExactly("drill-failed");
    }

    @Test
    void theScorecardAndHomePageShowTheNextActionAndCountNotProvenApartFromAttention(@org.junit.jupiter.api.io.TempDir java.nio.file.Path out)
            throws Exception {
        new SiteGenerator().build(SiteBuild.of(List.of(new ParsedRunbook(orders.path(), Optional.of(orders), List.of())), out)
                .withHistory(dev.opsbook.site.history.RunHistory.of(List.of())));
        String scorecard = java.nio.file.Files.readString(out.resolve("scorecard.html"));
        assertThat(scorecard).contains("Not proven yet", "<strong>Next:</strong> Run a backup: &#96;opsbook run " + orders.path() + " backup&#96;",
                "[no-backup]", "[never-drilled]").doesNotContain("Needs attention");
        String home = java.nio.file.Files.readString(out.resolve("index.html"));
        assertThat(home).containsPattern("<span class=\"num\">1</span><span>not proven yet</span>")
                .containsPattern("<span class=\"num\">0</span><span>need attention</span>");
    }

    private static List<String> nextActions(RunbookEntry e) {
        return e.policy().stream().flatMap(f -> f.next().stream()).toList();
    }
}
