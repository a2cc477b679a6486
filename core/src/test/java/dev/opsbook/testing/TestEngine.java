package dev.opsbook.testing;

import dev.opsbook.approval.ApprovalDesk;
import dev.opsbook.approval.ApprovalPolicy;
import dev.opsbook.approval.Directory;
import dev.opsbook.execution.ExecutionPorts;
import dev.opsbook.execution.ExecutionSettings;
import dev.opsbook.execution.RunExecutor;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.execution.ServiceLocks;
import dev.opsbook.execution.Sleeper;
import dev.opsbook.execution.StepRunner;
import dev.opsbook.runbook.Person;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The execution engine wired to fakes: a fake clock that sleeping advances (so backoff and expiry
 * take no time), in-memory stores, a recording audit log, and a hook run on every sleep (cast votes
 * "while the run waits").
 */
public final class TestEngine {
    public final FakeClock clock = FakeClock.at("2026-11-25T10:00:00Z");
    public final FakeRunStore runs = new FakeRunStore();
    public final FakeApprovalStore approvals = new FakeApprovalStore();
    public final RecordingAuditLog audit = new RecordingAuditLog();
    public final RecordingListener listener = new RecordingListener();
    public final List<Duration> sleeps = new ArrayList<>();
    public final List<String> notified = new ArrayList<>();
    public ServiceLocks locks = new FakeServiceLocks(clock);
    public Directory directory = Directory.EMPTY;
    public SecretProvider secrets = SecretProvider.NONE;
    public Runnable onSleep = () -> { };
    public dev.opsbook.execution.Confirmation confirmation = dev.opsbook.execution.Confirmation.NOBODY;
    public final Path runsDir;
    public ExecutionSettings settings;

    public TestEngine(Path runsDir) {
        this.runsDir = runsDir;
        this.settings = ExecutionSettings.defaults(runsDir, System.getenv());
    }

    public Sleeper sleeper() {
        return d -> {
            synchronized (sleeps) {
                sleeps.add(d);
            }
            clock.advance(d);
            onSleep.run();
        };
    }

    public ExecutionPorts ports() {
        return new ExecutionPorts(runs, approvals, locks, audit, directory, secrets,
                (Person p, String message) -> notified.add(p.id() + ": " + message), clock, sleeper());
    }

    public RunExecutor executor() {
        return new RunExecutor(ports(), settings, new StepRunner(Duration.ofMillis(500), 64 * 1024, 50), List.of(listener),
                confirmation);
    }

    public ApprovalDesk desk() {
        return new ApprovalDesk(approvals, new ApprovalPolicy(directory), audit, clock);
    }

    public static Map<String, String> params(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
