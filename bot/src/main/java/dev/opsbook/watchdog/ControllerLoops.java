package dev.opsbook.watchdog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of each watched service on the watchdog's scheduler: every {@code interval}, the first one interval after
 * it starts. Loops asked for before {@link #start} begin with it; a cancelled loop finishes a loop in progress but
 * runs no more.
 */
final class ControllerLoops {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoops.class);

    private final Consumer<String> tick;
    private final Map<String, ScheduledFuture<?>> loops = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    ControllerLoops(Consumer<String> tick) {
        this.tick = tick;
    }

    synchronized void start(ScheduledExecutorService on, Iterable<ServiceWatch> watches) {
        scheduler = on;
        watches.forEach(this::loop);
    }

    synchronized void loop(ServiceWatch w) {
        if (scheduler == null) {
            return;
        }
        String service = w.service();
        cancel(service);
        long every = w.policy().interval().toMillis();
        loops.put(service, scheduler.scheduleWithFixedDelay(() -> tick.accept(service), every, every, TimeUnit.MILLISECONDS));
        LOG.info("failover controller of {} watches {} probe(s) every {} ms (runbook {})", service,
                w.policy().probes().size(), every, w.runbook().id());
    }

    synchronized void cancel(String service) {
        ScheduledFuture<?> loop = loops.remove(service);
        if (loop != null) {
            loop.cancel(false);
        }
    }

    synchronized void cancelAll() {
        loops.values().forEach(f -> f.cancel(false));
        loops.clear();
    }
}
