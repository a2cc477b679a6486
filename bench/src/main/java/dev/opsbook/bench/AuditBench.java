package dev.opsbook.bench;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditActions;
import dev.opsbook.audit.AuditEvent;
import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RunbookRef;
import dev.opsbook.audit.VerificationResult;
import dev.opsbook.jdbc.Database;
import dev.opsbook.jdbc.DatabaseSettings;
import dev.opsbook.jdbc.JdbcAuditLog;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Audit log benchmarks against a real PostgreSQL (see bench/README.md): durable append throughput
 * with the hash chain at several numbers of concurrent callers, and verify speed over a large log.
 * Creates and drops its own database. Usage: {@code AuditBench [verifyEvents] [threads...]}
 * (thread count 0: skip the append runs).
 */
public final class AuditBench {
    private AuditBench() {}

    public static void main(String[] args) throws Exception {
        String adminUrl = env("OPSBOOK_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("OPSBOOK_BENCH_PG_USER", "postgres");
        String password = env("OPSBOOK_BENCH_PG_PASSWORD", "");
        int verifyEvents = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int[] threads = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 32, 64};
        String existing = System.getenv("OPSBOOK_BENCH_EXISTING_URL");
        if (existing != null) { // verify an existing log only, e.g. one a previous run loaded
            try (Database db = Database.open(DatabaseSettings.external(existing, user, password));
                 JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
                verifyTwice(log);
            }
            return;
        }
        String name = "opsbook_bench_" + System.currentTimeMillis();
        admin(adminUrl, user, password, "CREATE DATABASE " + name);
        String url = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
        System.out.printf("database %s, JVM max heap %d MB, %d CPUs, load average %.1f%n", url,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (Database db = Database.open(DatabaseSettings.external(url, user, password));
             JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            for (int t : threads) {
                if (t == 0) {
                    continue; // "0" alone: verify only
                }
                appendThroughput(log, t, Math.max(250, 3_000 / t));
            }
            VerificationResult appended = AuditVerifier.verify(log);
            System.out.printf("chain after append runs: intact=%s, %d events%n", appended.intact(), appended.verifiedEvents());

            long already = appended.verifiedEvents();
            long start = System.nanoTime();
            ChainLoader.load(url, user, password, verifyEvents, already + 1, appended.headHash());
            System.out.printf("loaded %,d chained events with COPY in %.1f s%n", verifyEvents, seconds(start));

            verifyTwice(log);
        } finally {
            admin(adminUrl, user, password, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static void verifyTwice(JdbcAuditLog log) {
        for (int round = 1; round <= 2; round++) {
            System.gc();
            long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long processBefore = processCpuNanos();
            long start = System.nanoTime();
            VerificationResult result = AuditVerifier.verify(log);
            double s = seconds(start);
            double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuBefore) / 1e9;
            double processCpu = (processCpuNanos() - processBefore) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf("verify round %d: %,d events in %.2f s (%,.0f events/s; CPU: verifier thread %.2f s, "
                    + "whole JVM %.2f s), intact=%s, heap used after %d MB, load average %.1f%n", round,
                    result.verifiedEvents(), s, result.verifiedEvents() / s, cpu, processCpu, result.intact(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void appendThroughput(JdbcAuditLog log, int threads, int eachThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[eachThread];
                    for (int i = 0; i < eachThread; i++) {
                        long before = System.nanoTime();
                        log.append(event("run-" + thread + "-" + i));
                        latencies[i] = System.nanoTime() - before;
                    }
                    return latencies;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : futures) {
                for (long l : f.get()) {
                    all.add(l);
                }
            }
            double s = seconds(start);
            all.sort(null);
            System.out.printf("append %3d thread(s): %,6d events in %5.2f s = %,7.0f events/s; latency p50 %.2f ms, p99 %.2f ms%n",
                    threads, all.size(), s, all.size() / s, all.get(all.size() / 2) / 1e6,
                    all.get((int) (all.size() * 0.99)) / 1e6);
        } finally {
            pool.shutdown();
        }
    }

    static AuditEvent event(String runId) {
        return new AuditEvent(new Actor("slack", "U024BE7LH", "Alice Example"), AuditActions.STEP_FINISHED,
                Optional.of(runId), Optional.of("dump-database"),
                Optional.of(new RunbookRef("orders-db-backup", "9f".repeat(32), "3c1e2f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e")),
                Map.of("target", "orders-primary", "retention_days", "14", "password", "[redacted]"), "succeeded",
                Optional.of(Duration.ofMillis(84_213)), Optional.of("C024BE91L/1732530000.000100"),
                Map.of("kind", "backup", "exit_code", "0", "attempt", "1"));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void admin(String url, String user, String password, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String env(String key, String fallback) {
        String v = System.getenv(key);
        return v == null || v.isBlank() ? fallback : v;
    }
}
