package dev.opsbook.watchdog;

import dev.opsbook.chat.Announcements;
import dev.opsbook.chat.ChatMessage;
import dev.opsbook.chat.ChatStatus;
import dev.opsbook.failover.Decision;
import dev.opsbook.failover.Outcome;
import dev.opsbook.failover.RefusalReason;
import dev.opsbook.failover.Sample;
import dev.opsbook.jdbc.AdvisoryLeadership;
import dev.opsbook.probe.ProbeMetrics;
import dev.opsbook.probe.Probes;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failover controllers of a server: one {@link ServiceWatch} per service whose runbook has a
 * {@code failover:} block, each evaluated every {@code interval} on the injected scheduler. A loop
 * samples the probes, asks {@link AdvisoryLeadership} whether this replica leads the service, feeds
 * the controller and acts on its decisions: every decision is audited first (a proposal the audit
 * log cannot record is dropped, not acted on); proposals, refusals
 * (except "not leader", which only the audit log sees) and re-arming are announced in the alert
 * channels; a proposal starts the failover procedure. The set of services follows runbook reloads
 * ({@link #reload}). Answers {@code /runbook failover [SERVICE]}.
 */
public final class FailoverWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatchdog.class);

    private final Probes probes;
    private final Function<Runbook, String> commits;
    private final AdvisoryLeadership leadership;
    private final ProbeMetrics metrics;
    private final Announcements announcements;
    private final FailoverAudit audit;
    private final FailoverRuns runs;
    private final Clock clock;
    private final ControllerLoops loops = new ControllerLoops(this::safeTick);
    private volatile Map<String, ServiceWatch> watches = Map.of();
    private volatile List<String> skipped = List.of();
    private volatile boolean closed;

    /** A watchdog watching nothing yet; {@link #watch} or {@link #reload} say what to watch. */
    FailoverWatchdog(Probes probes, Function<Runbook, String> commits, AdvisoryLeadership leadership, ProbeMetrics metrics,
                     Announcements announcements, FailoverAudit audit, FailoverRuns runs, Clock clock) {
        this.probes = probes;
        this.commits = commits;
        this.leadership = leadership;
        this.metrics = metrics;
        this.announcements = announcements;
        this.audit = audit;
        this.runs = runs;
        this.clock = clock;
    }

    /** Schedules every service's loop on {@code scheduler}, the first one interval from now; so do later reloads. */
    public synchronized void start(ScheduledExecutorService scheduler) {
        loops.start(scheduler, watches.values());
    }

    public List<String> services() {
        return List.copyOf(watches.keySet());
    }

    /**
     * Follows re-read runbook files (a reload at git {@code commit}): new {@code failover:} blocks are watched, removed
     * ones stop (their loops cancelled, their leadership released), changed ones restart unarmed, unchanged ones keep
     * their controller's state. A change is logged, audited ({@code failover.reloaded}) and, for a service this replica
     * leads, announced. Runs between two loops, never during one.
     */
    public synchronized WatchChanges reload(List<ParsedRunbook> runbooks, String commit) {
        WatchChanges changes = watch(WatchPlan.of(runbooks));
        if (!changes.isEmpty()) {
            LOG.info("failover controllers follow the runbooks at commit {}: started [{}], stopped [{}], restarted unarmed [{}],"
                            + " kept [{}]", commit, WatchChanges.services(changes.started()), String.join(",", changes.stopped()),
                    WatchChanges.services(changes.restarted()), WatchChanges.services(changes.kept()));
            try {
                audit.reloaded(changes, skipped, commit);
            } catch (RuntimeException e) {
                LOG.error("cannot audit the failover controllers' reload at commit {}", commit, e);
            }
        }
        return changes;
    }

    /** Makes the watched services those of {@code plan} (see {@link #reload}), without auditing; returns the changes. */
    synchronized WatchChanges watch(WatchPlan plan) {
        Map<String, ServiceWatch> before = watches;
        WatchChanges changes = WatchChanges.between(before, plan);
        Map<String, ServiceWatch> after = new LinkedHashMap<>();
        for (Runbook rb : plan.watched()) {
            ServiceWatch old = before.get(rb.service());
            after.put(rb.service(), changes.kept().contains(rb) ? old.refreshed(rb, commits.apply(rb), probes.of(rb))
                    : new ServiceWatch(rb, commits.apply(rb), probes.of(rb), clock));
        }
        List<String> led = new ArrayList<>();
        for (String service : changes.stopped()) {
            if (leadership.holds(service)) {
                led.add(service);
            }
            loops.cancel(service);
            leadership.release(service);
        }
        changes.restarted().stream().map(Runbook::service).filter(leadership::holds).forEach(led::add);
        watches = Collections.unmodifiableMap(after);
        if (!plan.skipped().equals(skipped)) {
            plan.skipped().forEach(s -> LOG.warn("failover controller: not watched: {}", s));
        }
        skipped = plan.skipped();
        changes.started().forEach(rb -> loops.loop(after.get(rb.service())));
        changes.restarted().forEach(rb -> loops.loop(after.get(rb.service())));
        if (!led.isEmpty()) {
            announcements.announce(FailoverMessages.reloaded(changes, led, plan.skipped()));
        }
        return changes;
    }

    private void safeTick(String service) {
        try {
            tick(service);
        } catch (RuntimeException e) {
            LOG.error("failover controller loop of {} failed; it runs again at the next interval", service, e);
        }
    }

    /** One loop of {@code service}: sample, leadership, decisions. Returns the decisions made (none when not watched). */
    synchronized List<Decision> tick(String service) {
        ServiceWatch w = watches.get(service);
        if (w == null || closed) {
            return List.of();
        }
        Sample sample = w.sample(clock, metrics);
        if (closed) { // stopping while the probes ran: no leadership taken, nothing decided
            return List.of();
        }
        boolean leader = leadership.lead(service, w.policy().ttl());
        List<Decision> decisions = w.controller().observe(sample, leader);
        for (Decision d : decisions) {
            try {
                audit.record(w.runbook(), w.commit(), d, Optional.empty());
            } catch (RuntimeException e) {
                LOG.error("failover controller of {}: cannot audit {}, so not acting on it", service, d.getClass().getSimpleName(), e);
                if (d instanceof Decision.Proposed) {
                    w.controller().resolve(Outcome.ABANDONED, Optional.empty(), "the audit log could not record the proposal");
                }
                continue;
            }
            switch (d) {
                case Decision.Proposed p -> {
                    announcements.announce(FailoverMessages.proposed(w.runbook(), p));
                    runs.start(w, p);
                }
                case Decision.Refused r when r.reason() != RefusalReason.NOT_LEADER
                        && r.reason() != RefusalReason.ALREADY_PROPOSED -> announcements.announce(FailoverMessages.refused(r));
                case Decision.Rearmed r when !r.first() -> announcements.announce(FailoverMessages.rearmed(r));
                default -> { }
            }
        }
        return decisions;
    }

    /** The answer to {@code /runbook failover [SERVICE]}. */
    public ChatMessage status(Optional<String> service) {
        Map<String, ServiceWatch> watches = this.watches;
        if (service.isPresent()) {
            ServiceWatch w = watches.get(service.get());
            if (w == null) {
                return ChatMessage.builder("No failover controller watches `" + service.get() + "`: " + known()).status(ChatStatus.INFO).build();
            }
            return FailoverMessages.status(w.runbook(), w.controller().status());
        }
        if (watches.size() == 1) {
            ServiceWatch w = watches.values().iterator().next();
            return FailoverMessages.status(w.runbook(), w.controller().status());
        }
        return ChatMessage.builder("Failover controllers: " + known() + (watches.isEmpty() ? "" : ". Ask `/runbook failover SERVICE` for one."))
                .status(ChatStatus.INFO).build();
    }

    private String known() {
        Map<String, ServiceWatch> watches = this.watches;
        List<String> parts = new ArrayList<>();
        if (watches.isEmpty()) {
            parts.add("no runbook has a `failover:` block");
        } else {
            parts.add(watches.values().stream().map(w -> "`" + w.service() + "` (" + w.controller().status().state().label() + ")")
                    .collect(Collectors.joining(", ")));
        }
        skipped.forEach(s -> parts.add("not watched: " + s));
        return String.join("; ", parts);
    }

    /**
     * Not synchronized: a loop in progress (waiting for a database that went away, say) must not hold up the
     * server's stop. It decides nothing more once it sees this; a lock it takes meanwhile ends with the pool's
     * connections, closed after this.
     */
    @Override
    public void close() {
        closed = true;
        loops.cancelAll();
        leadership.close();
    }
}
