package dev.opsbook.runbook;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code failover:} front matter block: how the failover controller watches a service and when
 * it may propose (or, with {@code automatic}, run) the runbook's failover {@code procedure}.
 * {@code interval} is Patroni's {@code loop_wait}, {@code retryTimeout} the longest a probe may take,
 * {@code ttl} the leadership lease (the longest a leader waits to confirm it in a loop); the linter requires
 * {@code interval + 2 × retryTimeout ≤ ttl}.
 */
public record FailoverPolicy(
        String procedure,
        boolean automatic,
        Duration interval,
        Duration retryTimeout,
        Duration ttl,
        Criteria promote,
        Criteria recover,
        Duration cooldown,
        int maxPerHour,
        List<ProbeSpec> probes,
        Optional<TrafficStages> stages,
        SourcePosition position) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(30);

    public FailoverPolicy {
        probes = List.copyOf(probes);
    }

    /**
     * Whether {@code other} asks for the same watch: equal in everything but where it is written (an edit elsewhere
     * in the file moves the block's lines without changing the policy).
     */
    public boolean sameAs(FailoverPolicy other) {
        return other != null && unplaced().equals(other.unplaced());
    }

    private FailoverPolicy unplaced() {
        SourcePosition at = SourcePosition.START;
        List<ProbeSpec> specs = probes.stream().<ProbeSpec>map(p -> switch (p) {
            case ProbeSpec.Http h -> new ProbeSpec.Http(h.name(), h.url(), h.status(), h.maxLatency(), h.timeout(), at);
            case ProbeSpec.Tcp t -> new ProbeSpec.Tcp(t.name(), t.host(), t.port(), t.timeout(), at);
            case ProbeSpec.Sql q -> new ProbeSpec.Sql(q.name(), q.url(), q.secret(), q.query(), q.expect(), q.timeout(), at);
            case ProbeSpec.Command c -> new ProbeSpec.Command(c.name(), c.command(), c.timeout(), at);
            case ProbeSpec.Prometheus m -> new ProbeSpec.Prometheus(m.name(), m.baseUrl(), m.query(), m.max(), m.timeout(), at);
        }).toList();
        return new FailoverPolicy(procedure, automatic, interval, retryTimeout, ttl, promote, recover, cooldown, maxPerHour,
                specs, stages.map(s -> new TrafficStages(s.step(), s.parameter(), s.weights(), s.settle(), at)), at);
    }

    /**
     * A threshold sustained over a window: at least {@code ratio} of the samples taken in the last
     * {@code window} (and at least {@code minSamples} of them) must be failing (promote) or healthy
     * (recover). {@code minSamples} 0 means half the samples the window holds at the interval.
     */
    public record Criteria(double ratio, Duration window, int minSamples) {
        public Criteria {
            if (!(ratio > 0 && ratio <= 1) || window.isNegative() || window.isZero() || minSamples < 0) {
                throw new IllegalArgumentException("criteria need a ratio in (0, 1], a positive window and min_samples >= 0");
            }
        }

        /** The samples this criteria needs in its window, given the probe interval. */
        public int requiredSamples(Duration interval) {
            if (minSamples > 0) {
                return minSamples;
            }
            long expected = interval.isZero() ? 1 : window.toMillis() / Math.max(1, interval.toMillis());
            return (int) Math.max(2, (expected + 1) / 2);
        }
    }

    /**
     * Canary traffic shift: after the procedure succeeded, {@code step} runs once per weight (in
     * percent, ascending, last 100) with the weight in parameter {@code parameter}; the probes must
     * be healthy {@code settle} after each stage or the shift stops and the step's rollback runs.
     */
    public record TrafficStages(String step, String parameter, List<Integer> weights, Duration settle, SourcePosition position) {
        public TrafficStages {
            weights = List.copyOf(weights);
        }
    }
}
