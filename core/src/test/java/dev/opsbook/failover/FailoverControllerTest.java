package dev.opsbook.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.failover.Decision.Executed;
import dev.opsbook.failover.Decision.Proposed;
import dev.opsbook.failover.Decision.Rearmed;
import dev.opsbook.failover.Decision.Refused;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.FailoverPolicy.Criteria;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.SourcePosition;
import dev.opsbook.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The controller fed simulated probe samples on a fake clock: 5 s interval, propose when ≥ 80 % of
 * the samples of 60 s fail, re-arm after 2 min all healthy, 30 min cooldown, 2 proposals an hour.
 */
class FailoverControllerTest {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final Duration WINDOW = Duration.ofSeconds(60);

    final FakeClock clock = FakeClock.at("2026-03-01T10:00:00Z");
    final FailoverController controller = new FailoverController("checkout-api", policy(2), clock);
    final List<Decision> decisions = new ArrayList<>();
    int tick;

    static FailoverPolicy policy(int maxPerHour) {
        return new FailoverPolicy("failover", false, INTERVAL, Duration.ofSeconds(2), Duration.ofSeconds(15),
                new Criteria(0.8, WINDOW, 0), new Criteria(1.0, Duration.ofMinutes(2), 0), Duration.ofMinutes(30), maxPerHour,
                List.of(new ProbeSpec.Tcp("proxy", "127.0.0.1", 18080, Duration.ofSeconds(2), SourcePosition.START)),
                Optional.empty(), SourcePosition.START);
    }

    /** Runs {@code duration} of ticks; {@code failing} says per tick number whether the probe fails. */
    void run(Duration duration, IntPredicate failing) {
        for (long n = duration.dividedBy(INTERVAL); n > 0; n--) {
            clock.advance(INTERVAL);
            boolean fails = failing.test(tick++);
            ProbeResult r = fails ? ProbeResult.failed("proxy", "tcp", Duration.ofMillis(3), "connection refused")
                    : ProbeResult.healthy("proxy", "tcp", Duration.ofMillis(1), "");
            decisions.addAll(controller.observe(new Sample(clock.instant(), List.of(r)), true));
        }
    }

    <T extends Decision> List<T> of(Class<T> type) {
        return decisions.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aFlappingSignalForAnHourMakesNoProposal() {
        run(Duration.ofMinutes(5), n -> false);
        assertThat(decisions).singleElement().isInstanceOfSatisfying(Rearmed.class, r -> assertThat(r.first()).isTrue());
        run(Duration.ofHours(1), n -> n % 2 == 0);
        assertThat(decisions).hasSize(1);
        assertThat(controller.status().state()).isEqualTo(ControllerState.WATCHING);
        assertThat(controller.status().window().failureRatio()).isBetween(0.4, 0.6);
    }

    @Test
    void aFlappingSignalOfTwoBadOneGoodStillStaysBelowTheThreshold() {
        run(Duration.ofMinutes(5), n -> false);
        run(Duration.ofHours(1), n -> n % 3 != 0);
        assertThat(of(Proposed.class)).isEmpty();
    }

    @Test
    void aSustainedOutageGivesExactlyOneProposalWithinWindowPlusOneInterval() {
        run(Duration.ofMinutes(5), n -> false);
        Instant outage = clock.instant().plusSeconds(2);
        int first = tick;
        run(Duration.ofMinutes(30), n -> n >= first);

        assertThat(of(Proposed.class)).singleElement().satisfies(p -> {
            assertThat(Duration.between(outage, p.at())).isLessThanOrEqualTo(WINDOW.plus(INTERVAL));
            assertThat(p.evidence().failureRatio()).isGreaterThanOrEqualTo(0.8);
            assertThat(p.evidence().samples()).isEqualTo(12);
            assertThat(p.evidence().lastErrors()).containsExactly("proxy: connection refused");
            assertThat(p.evidence().summary()).startsWith("10/12 samples failing (83% ≥ 80%) over 1m");
            assertThat(p.automatic()).isFalse();
        });
        assertThat(of(Refused.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo(RefusalReason.ALREADY_PROPOSED));
        assertThat(controller.status().openIncident()).contains(of(Proposed.class).getFirst().incident());
    }

    @Test
    void aServiceNeverSeenHealthyIsNeverProposedForAndArmingNeedsTheRecoveryWindowHealthy() {
        run(Duration.ofMinutes(10), n -> true);
        assertThat(decisions).isEmpty();
        assertThat(controller.status().state()).isEqualTo(ControllerState.RECOVERING);

        FailoverController fresh = new FailoverController("checkout-api", policy(2), clock);
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < 24 + 9; i++) { // 2 minutes healthy arm it; 9 of 12 failing (75%) is below 80%
            clock.advance(INTERVAL);
            out.addAll(fresh.observe(sample(i >= 24 ? false : true), true));
        }
        assertThat(out).singleElement().isInstanceOf(Rearmed.class);
        clock.advance(INTERVAL);
        out.addAll(fresh.observe(sample(false), true));
        assertThat(out).hasSize(2).last().isInstanceOfSatisfying(Proposed.class,
                p -> assertThat(p.evidence().summary()).startsWith("10/12 samples failing (83% ≥ 80%)"));
    }

    @Test
    void afterAFailoverTheControllerReArmsOnlyWhenClearlyHealthyAndRefusesDuringTheCooldown() {
        run(Duration.ofMinutes(5), n -> false);
        run(Duration.ofMinutes(2), n -> true);
        assertThat(of(Proposed.class)).hasSize(1);
        assertThat(controller.resolve(Outcome.SUCCEEDED, Optional.of("r-1"), "succeeded")).get()
                .isInstanceOfSatisfying(Executed.class, e -> assertThat(e.succeeded()).isTrue());
        assertThat(controller.status().cooldownLeft()).isEqualTo(Duration.ofMinutes(30));

        int from = tick;
        run(Duration.ofMinutes(5), n -> (n - from) % 4 == 0); // mostly healthy, but not clearly: no re-arm
        assertThat(of(Rearmed.class)).hasSize(1);
        assertThat(controller.status().state()).isEqualTo(ControllerState.RECOVERING);

        run(Duration.ofMinutes(2), n -> false);
        assertThat(of(Rearmed.class)).hasSize(2).last().satisfies(r -> assertThat(r.first()).isFalse());
        run(Duration.ofMinutes(3), n -> true); // a new outage 14 minutes after the failover
        assertThat(of(Proposed.class)).hasSize(1);
        assertThat(of(Refused.class)).extracting(Refused::reason).containsExactly(RefusalReason.ALREADY_PROPOSED, RefusalReason.COOLDOWN);
        assertThat(of(Refused.class).getLast().detail()).contains("cooldown ends at 2026-03-01T10:37:00Z");

        run(Duration.ofMinutes(20), n -> true); // still down when the cooldown ends: now it proposes
        assertThat(of(Proposed.class)).hasSize(2);
        assertThat(of(Proposed.class).get(1).at()).isEqualTo(Instant.parse("2026-03-01T10:37:00Z"));
    }

    @Test
    void theHourlyCapRefusesAThirdProposal() {
        FailoverController capped = new FailoverController("checkout-api", policy(1), clock);
        List<Decision> out = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 60; i++) { // 5 minutes healthy, then 10 minutes down
                clock.advance(INTERVAL);
                out.addAll(capped.observe(sample(i >= 24 ? false : true), true));
                if (i == 40 && round == 0) {
                    out.addAll(capped.resolve(Outcome.ABANDONED, Optional.empty(), "rejected by bob").stream().toList());
                }
            }
            for (int i = 0; i < 30; i++) {
                clock.advance(INTERVAL);
                out.addAll(capped.observe(sample(true), true));
            }
        }
        assertThat(out.stream().filter(Proposed.class::isInstance)).hasSize(1);
        assertThat(out.stream().filter(Decision.Abandoned.class::isInstance)).hasSize(1);
        assertThat(out.stream().filter(Refused.class::isInstance).map(d -> ((Refused) d).reason()))
                .containsExactly(RefusalReason.ALREADY_PROPOSED, RefusalReason.HOURLY_CAP);
        assertThat(capped.status().proposalsLastHour()).isEqualTo(1);
    }

    @Test
    void aReplicaThatIsNotLeaderRefusesOnceAndProposesWhenItBecomesLeader() {
        run(Duration.ofMinutes(5), n -> false);
        for (int i = 0; i < 40; i++) {
            clock.advance(INTERVAL);
            decisions.addAll(controller.observe(sample(false), i >= 30));
        }
        assertThat(of(Refused.class)).extracting(Refused::reason).containsExactly(RefusalReason.NOT_LEADER, RefusalReason.ALREADY_PROPOSED);
        assertThat(of(Proposed.class)).singleElement().satisfies(p -> assertThat(p.at()).isEqualTo(clock.instant().minus(INTERVAL.multipliedBy(9))));
    }

    @Test
    void approvalsAndResolutionsOutsideAProposalDecideNothing() {
        assertThat(controller.approved("bob")).isEmpty();
        assertThat(controller.resolve(Outcome.SUCCEEDED, Optional.empty(), "succeeded")).isEmpty();
    }

    Sample sample(boolean healthy) {
        return new Sample(clock.instant(), List.of(healthy ? ProbeResult.healthy("proxy", "tcp", Duration.ZERO, "")
                : ProbeResult.failed("proxy", "tcp", Duration.ZERO, "refused")));
    }
}
