package dev.opsbook.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * Start-up duties readiness does not wait for: the failover controllers' first read of the runbooks, the
 * schedules' reconcile and Quartz start, and on a later start (a site already built) the site's rebuild. They run
 * in the order they were added, one after the other, on a thread of their own once the application is ready (so
 * {@code /actuator/health/readiness} answers 200 while they run); until they are done the readiness check's details
 * list them as {@code starting}. A duty that throws is logged, does not stop the next one, and takes readiness down
 * (where a failure during start-up used to stop the server). Runbook reloads that arrive before a duty ran are left
 * to it (it reads the directory then).
 */
public final class AfterReadiness implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(AfterReadiness.class);

    private record Duty(String name, Runnable work) {}

    private final List<Duty> duties = new ArrayList<>();
    private final List<String> pending = new CopyOnWriteArrayList<>();
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private boolean started;

    /** Adds a duty, run after the ones added before it; {@code name} is what readiness shows while it is pending. */
    public synchronized void add(String name, Runnable work) {
        if (started) {
            throw new IllegalStateException("the server is ready: " + name + " was added too late");
        }
        duties.add(new Duty(name, work));
        pending.add(name);
    }

    /** The duties not done yet (empty once the server is fully started). */
    public List<String> pending() {
        return List.copyOf(pending);
    }

    /** The duties that failed, each as "name: what went wrong". */
    public List<String> failed() {
        return List.copyOf(failed);
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        List<Duty> run;
        synchronized (this) {
            if (started) {
                return;
            }
            started = true;
            run = List.copyOf(duties);
        }
        if (run.isEmpty()) {
            return;
        }
        Thread.ofPlatform().name("opsbook-after-ready").daemon(true).start(() -> {
            for (Duty duty : run) {
                try {
                    duty.work().run();
                } catch (RuntimeException e) {
                    LOG.error("{} did not start: {}", duty.name(), e.getMessage(), e);
                    failed.add(duty.name() + ": " + e.getMessage());
                } finally {
                    pending.remove(duty.name());
                }
            }
        });
    }
}
