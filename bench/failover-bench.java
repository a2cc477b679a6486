import dev.opsbook.failover.Decision;
import dev.opsbook.failover.FailoverController;
import dev.opsbook.failover.ProbeResult;
import dev.opsbook.failover.Sample;
import dev.opsbook.runbook.FailoverPolicy;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.SourcePosition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Failover controller numbers (bench/failover-bench.sh): detection latency of a sustained outage
 * starting at a random phase, proposals per hour for flapping patterns around the threshold, and
 * the cost of one evaluation. Prints numbers; asserts nothing.
 */
class FailoverBench {
    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    static FailoverPolicy policy(Duration interval, Duration window) {
        return new FailoverPolicy("failover", false, interval, Duration.ofSeconds(2), Duration.ofSeconds(15),
                new FailoverPolicy.Criteria(0.8, window, 0), new FailoverPolicy.Criteria(1.0, Duration.ofMinutes(2), 0),
                Duration.ofMinutes(30), 2, List.of(new ProbeSpec.Tcp("p", "h", 1, Duration.ofSeconds(2), SourcePosition.START)),
                Optional.empty(), SourcePosition.START);
    }

    static Sample sample(Instant at, boolean healthy) {
        return new Sample(at, List.of(healthy ? ProbeResult.healthy("p", "tcp", Duration.ZERO, "")
                : ProbeResult.failed("p", "tcp", Duration.ZERO, "refused")));
    }

    /** Seconds from outage start to proposal, for {@code runs} random start phases. */
    static double[] detection(Duration interval, Duration window, int runs, Random random) {
        double[] out = new double[runs];
        for (int r = 0; r < runs; r++) {
            FailoverController c = new FailoverController("s", policy(interval, window), Clock.fixed(T0, ZoneOffset.UTC));
            long warm = Duration.ofMinutes(5).toMillis();
            long start = warm + (long) (random.nextDouble() * interval.toMillis());
            for (long t = interval.toMillis(); ; t += interval.toMillis()) {
                List<Decision> d = c.observe(sample(T0.plusMillis(t), t < start), true);
                if (d.stream().anyMatch(Decision.Proposed.class::isInstance)) {
                    out[r] = (t - start) / 1000.0;
                    break;
                }
            }
        }
        Arrays.sort(out);
        return out;
    }

    static int proposalsPerHour(IntPredicate failing) {
        Duration interval = Duration.ofSeconds(5);
        FailoverController c = new FailoverController("s", policy(interval, Duration.ofSeconds(60)), Clock.fixed(T0, ZoneOffset.UTC));
        int proposals = 0;
        int n = 0;
        for (long t = 5_000; t <= Duration.ofMinutes(65).toMillis(); t += 5_000, n++) {
            boolean healthy = t <= Duration.ofMinutes(5).toMillis() || !failing.test(n);
            proposals += (int) c.observe(sample(T0.plusMillis(t), healthy), true).stream().filter(Decision.Proposed.class::isInstance).count();
        }
        return proposals;
    }

    public static void main(String[] args) {
        Random random = new Random(42);
        for (Duration[] p : new Duration[][] {{Duration.ofSeconds(5), Duration.ofSeconds(60)}, {Duration.ofSeconds(1), Duration.ofSeconds(4)},
                {Duration.ofSeconds(10), Duration.ofMinutes(2)}}) {
            double[] d = detection(p[0], p[1], 1000, random);
            System.out.printf("detection, interval %ss, 80%% of %ss: min %.2f s, median %.2f s, max %.2f s (bound window + interval = %d s)%n",
                    p[0].toSeconds(), p[1].toSeconds(), d[0], d[d.length / 2], d[d.length - 1], p[0].plus(p[1]).toSeconds());
        }
        System.out.printf("flapping for an hour (5 s, 80%% of 60 s): alternating %d, 2 of 3 failing %d, 3 of 4 failing %d, "
                        + "4 of 5 failing %d, always failing %d proposals%n",
                proposalsPerHour(n -> n % 2 == 0), proposalsPerHour(n -> n % 3 != 0), proposalsPerHour(n -> n % 4 != 0),
                proposalsPerHour(n -> n % 5 != 0), proposalsPerHour(n -> true));
        FailoverController c = new FailoverController("s", policy(Duration.ofSeconds(1), Duration.ofMinutes(10)), Clock.fixed(T0, ZoneOffset.UTC));
        int samples = 2_000_000;
        for (int warm = 0; warm < 2; warm++) {
            long begin = System.nanoTime();
            for (int i = 1; i <= samples; i++) {
                c.observe(sample(T0.plusSeconds(i + (long) warm * samples), i % 2 == 0), true);
            }
            if (warm == 1) {
                System.out.printf("evaluation cost (10 min window, 600 samples held): %.2f µs per sample%n",
                        (System.nanoTime() - begin) / 1000.0 / samples);
            }
        }
    }
}
