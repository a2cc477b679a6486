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
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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
 * channels; a proposal starts the failover procedure. Answers {@code /runbook failover [SERVICE]}.
 */
public final class FailoverWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverWatchdog.class);

    private final Map<String, ServiceWatch> watches;
    private final List<String> skipped;
    private final AdvisoryLeadership leadership;
    private final ProbeMetrics metrics;
    private final Announcements announcements;
    private final FailoverAudit audit;
    private final FailoverRuns runs;
    private final Clock clock;
    private final Map<String, ScheduledFuture<?>> loops = new ConcurrentHashMap<>();

    FailoverWatchdog(List<ServiceWatch> watches, List<String> skipped, AdvisoryLeadership leadership, ProbeMetrics metrics,
                     Announcements announcements, FailoverAudit audit, FailoverRuns runs, Clock clock) {
        this.watches = new java.util.LinkedHashMap<>();
        watches.forEach(w -> this.watches.putIfAbsent(w.service(), w));
        this.skipped = List.copyOf(skipped);
        this.leadership = leadership;
        this.metrics = metrics;
        this.announcements = announcements;
        this.audit = audit;
        this.runs = runs;
        this.clock = clock;
    }

    /** Schedules every service's loop on {@code scheduler}, the first one interval from now. */
    public void start(ScheduledExecutorService scheduler) {
        for (ServiceWatch w : watches.values()) {
            long every = w.policy().interval().toMillis();
            loops.put(w.service(), scheduler.scheduleWithFixedDelay(() -> safeTick(w), every, every, TimeUnit.MILLISECONDS));
            LOG.info("failover controller of {} watches {} probe(s) every {} ms (runbook {})", w.service(),
                    w.policy().probes().size(), every, w.runbook().id());
        }
    }

    public List<String> services() {
        return List.copyOf(watches.keySet());
    }

    private void safeTick(ServiceWatch w) {
        try {
            tick(w.service());
        } catch (RuntimeException e) {
            LOG.error("failover controller loop of {} failed; it runs again at the next interval", w.service(), e);
        }
    }

    /** One loop of {@code service}: sample, leadership, decisions. Returns the decisions made. */
    List<Decision> tick(String service) {
        ServiceWatch w = watches.get(service);
        Sample sample = w.sample(clock, metrics);
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

    @Override
    public void close() {
        loops.values().forEach(f -> f.cancel(false));
        leadership.close();
    }
}
