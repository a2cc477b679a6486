package dev.opsbook.failover;

import dev.opsbook.failover.Decision.Abandoned;
import dev.opsbook.failover.Decision.Approved;
import dev.opsbook.failover.Decision.Executed;
import dev.opsbook.failover.Decision.Proposed;
import dev.opsbook.failover.Decision.Rearmed;
import dev.opsbook.failover.Decision.Refused;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.FailoverPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The failover state machine of one service: samples in, {@link Decision}s out. No threads, no I/O;
 * time comes from the samples and the injected clock. Rules:
 * <ul>
 *   <li>It proposes when, over the promotion window, at least the promotion ratio of the samples
 *       failed (and the history covers the window with enough samples).</li>
 *   <li>At most one proposal per incident: after a proposal nothing is proposed until the proposal
 *       is resolved ({@link #resolve}) and the service was clearly healthy over the recovery window
 *       (hysteresis), which re-arms it.</li>
 *   <li>While armed, it refuses when not leader, during the cooldown after any failover that ran,
 *       or when the hourly cap of proposals is reached; each reason is reported once per incident,
 *       and it proposes as soon as the reason lapses while the criteria still hold.</li>
 * </ul>
 * A new controller starts unarmed ({@code RECOVERING}): it arms only once it has seen the service
 * clearly healthy, so it never proposes for a service that was down (or not deployed) when it started.
 * Methods are synchronized: the prober and the run that resolves a proposal call from different threads.
 */
public final class FailoverController {
    private static final Duration HOUR = Duration.ofHours(1);

    private final String service;
    private final FailoverPolicy policy;
    private final Clock clock;
    private final SampleWindow samples;
    private final Deque<Instant> proposals = new ArrayDeque<>();
    private final Set<RefusalReason> reported = EnumSet.noneOf(RefusalReason.class);
    private ControllerState state = ControllerState.RECOVERING;
    private boolean armedBefore;
    private String incident;
    private Instant proposedAt;
    private Instant cooldownUntil = Instant.MIN;
    private boolean leader;

    public FailoverController(String service, FailoverPolicy policy, Clock clock) {
        this.service = service;
        this.policy = policy;
        this.clock = clock;
        Duration longest = policy.promote().window().compareTo(policy.recover().window()) > 0
                ? policy.promote().window() : policy.recover().window();
        this.samples = new SampleWindow(longest.plus(policy.interval()));
    }

    public String service() {
        return service;
    }

    public FailoverPolicy policy() {
        return policy;
    }

    /** Records a sample and returns what follows from it (usually nothing). */
    public synchronized List<Decision> observe(Sample sample, boolean leader) {
        this.leader = leader;
        samples.add(sample);
        Instant now = sample.at();
        List<Decision> out = new ArrayList<>();
        switch (state) {
            case WATCHING -> watch(now, out);
            case PROPOSED -> {
                if (promoteHolds(now) && reported.add(RefusalReason.ALREADY_PROPOSED)) {
                    out.add(refused(now, RefusalReason.ALREADY_PROPOSED, "proposal " + incident + " from " + proposedAt
                            + " is still open: resolve it (approve, reject or let it run) first"));
                }
            }
            case RECOVERING -> {
                if (recoverHolds(now)) {
                    out.add(rearm(now));
                }
            }
        }
        return out;
    }

    private void watch(Instant now, List<Decision> out) {
        if (!promoteHolds(now)) {
            if (recoverHolds(now)) {
                reported.clear();
                incident = null;
            }
            return;
        }
        if (incident == null) {
            incident = service + "@" + now.getEpochSecond();
        }
        prune(now);
        if (!leader) {
            refuseOnce(now, RefusalReason.NOT_LEADER, "another opsbook replica leads the controller of " + service, out);
        } else if (now.isBefore(cooldownUntil)) {
            refuseOnce(now, RefusalReason.COOLDOWN, "the last failover ended less than "
                    + Durations.format(policy.cooldown()) + " ago; cooldown ends at " + cooldownUntil, out);
        } else if (proposals.size() >= policy.maxPerHour()) {
            refuseOnce(now, RefusalReason.HOURLY_CAP, proposals.size() + " failover(s) proposed in the last hour, the cap is "
                    + policy.maxPerHour() + "; the next is possible after " + proposals.getFirst().plus(HOUR), out);
        } else {
            proposals.addLast(now);
            proposedAt = now;
            state = ControllerState.PROPOSED;
            reported.remove(RefusalReason.ALREADY_PROPOSED);
            out.add(new Proposed(service, incident, now, evidence(now), policy.automatic()));
        }
    }

    /** The open proposal's failover step was approved. Empty when no proposal is open. */
    public synchronized Optional<Decision> approved(String by) {
        if (state != ControllerState.PROPOSED) {
            return Optional.empty();
        }
        return Optional.of(new Approved(service, incident, clock.instant(), by));
    }

    /**
     * The run started for the open proposal ended. A run that ran (succeeded or failed) starts the
     * cooldown. Either way the controller waits for recovery before it proposes again.
     */
    public synchronized Optional<Decision> resolve(Outcome outcome, Optional<String> runId, String result) {
        if (state != ControllerState.PROPOSED) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        state = ControllerState.RECOVERING;
        String closed = incident;
        if (outcome == Outcome.ABANDONED) {
            return Optional.of(new Abandoned(service, closed, now, runId, result));
        }
        cooldownUntil = now.plus(policy.cooldown());
        return Optional.of(new Executed(service, closed, now, runId.orElse(""), outcome == Outcome.SUCCEEDED, result));
    }

    public synchronized ControllerStatus status() {
        Instant now = clock.instant();
        prune(now);
        Duration left = now.isBefore(cooldownUntil) ? Duration.between(now, cooldownUntil) : Duration.ZERO;
        return new ControllerStatus(service, state, now, evidence(now), samples.recent(10),
                state == ControllerState.PROPOSED ? Optional.ofNullable(incident) : Optional.empty(),
                state == ControllerState.PROPOSED ? Optional.ofNullable(proposedAt) : Optional.empty(),
                left, proposals.size(), policy.maxPerHour(), leader);
    }

    private Decision rearm(Instant now) {
        state = ControllerState.WATCHING;
        reported.clear();
        incident = null;
        proposedAt = null;
        boolean first = !armedBefore;
        armedBefore = true;
        return new Rearmed(service, now, samples.evidence(now, policy.recover().window(), policy.promote().ratio()), first);
    }

    private void refuseOnce(Instant now, RefusalReason reason, String detail, List<Decision> out) {
        if (reported.add(reason)) {
            out.add(refused(now, reason, detail));
        }
    }

    private Refused refused(Instant now, RefusalReason reason, String detail) {
        return new Refused(service, incident, now, reason, detail, evidence(now));
    }

    private Evidence evidence(Instant now) {
        return samples.evidence(now, policy.promote().window(), policy.promote().ratio());
    }

    private boolean promoteHolds(Instant now) {
        FailoverPolicy.Criteria c = policy.promote();
        Evidence e = samples.evidence(now, c.window(), c.ratio());
        return samples.covers(now, c.window(), policy.interval()) && e.samples() >= c.requiredSamples(policy.interval())
                && e.failureRatio() >= c.ratio();
    }

    private boolean recoverHolds(Instant now) {
        FailoverPolicy.Criteria c = policy.recover();
        Evidence e = samples.evidence(now, c.window(), c.ratio());
        double healthy = e.samples() == 0 ? 0 : 1 - e.failureRatio();
        return samples.covers(now, c.window(), policy.interval()) && e.samples() >= c.requiredSamples(policy.interval())
                && healthy >= c.ratio();
    }

    private void prune(Instant now) {
        while (!proposals.isEmpty() && !proposals.getFirst().isAfter(now.minus(HOUR))) {
            proposals.removeFirst();
        }
    }
}
