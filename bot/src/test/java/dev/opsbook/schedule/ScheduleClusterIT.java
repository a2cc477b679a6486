package dev.opsbook.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.cli.Opsbook;
import dev.opsbook.jdbc.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code opsbook serve} processes on one PostgreSQL, a schedule firing every second: over the
 * observed window every fire time fires exactly once (one {@code schedule.fired}, one run), none is skipped,
 * and both nodes take part in the cluster.
 */
class ScheduleClusterIT {
    private static final Duration WINDOW = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final TestDatabase db = TestDatabase.create();
    final List<Process> servers = new ArrayList<>();

    @AfterEach
    void tearDown() {
        servers.forEach(Process::destroyForcibly);
        db.close();
    }

    @Test
    void twoServersOnOneDatabaseFireEachTriggerExactlyOnce() throws Exception {
        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Files.writeString(runbooks.resolve("tick.md"), """
                ---
                id: tick
                title: Every second
                service: clock
                owners: [alice]
                schedules:
                  - {cron: "* * * * * ?", run: tick}
                  - {cron: "* * * * * ?", run: tick}
                  - {cron: "* * * * * ?", run: tick}
                ---
                ## Tick

                ```bash {#tick}
                echo tick
                ```
                """);
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        servers.add(serve("a", runbooks, logA));
        servers.add(serve("b", runbooks, logB));
        awaitLog(logA, "scheduler node ");
        awaitLog(logB, "scheduler node ");
        assertThat(query("SELECT instance_name FROM qrtz_scheduler_state")).as("cluster members").hasSize(2);

        Instant from = Instant.now().plusSeconds(1);
        Thread.sleep(WINDOW.toMillis());
        Instant to = Instant.now().minusSeconds(1);
        for (Process p : servers) {
            p.destroy(); // SIGTERM: Spring closes the scheduler, then the engine
        }
        for (Process p : servers) {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("server exits on SIGTERM").isTrue();
        }

        List<Map<String, String>> fired = query("SELECT details ->> 'schedule' AS schedule, details ->> 'scheduled_for' AS due,"
                + " result, details ->> 'run_id' AS run, details ->> 'delivery' AS delivery FROM audit_event"
                + " WHERE action = 'schedule.fired' ORDER BY sequence");
        Map<String, List<Map<String, String>>> byDue = new TreeMap<>(fired.stream()
                .collect(Collectors.groupingBy(f -> f.get("schedule") + "@" + f.get("due"))));
        Map<String, List<Map<String, String>>> window = new TreeMap<>(byDue);
        window.keySet().removeIf(key -> {
            Instant due = Instant.parse(key.substring(key.indexOf('@') + 1));
            return due.isBefore(from) || due.isAfter(to);
        });

        assertThat(byDue.values()).as("schedule.fired per schedule and fire time").allSatisfy(fires -> assertThat(fires).hasSize(1));
        long expected = Duration.between(from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), to).toSeconds();
        for (String schedule : List.of("tick/1-tick", "tick/2-tick", "tick/3-tick")) {
            assertThat(window.keySet().stream().filter(k -> k.startsWith(schedule + "@")).count())
                    .as("fire times of %s in the window, every second", schedule).isGreaterThanOrEqualTo(expected);
        }
        assertThat(window.values()).allSatisfy(fires -> assertThat(fires.getFirst().get("result")).isEqualTo("started"));
        List<String> runs = window.values().stream().map(f -> f.getFirst().get("run")).toList();
        assertThat(runs).doesNotHaveDuplicates().doesNotContainNull();
        List<Map<String, String>> started = query("SELECT run_id FROM audit_event WHERE action = 'run.started'"
                + " AND actor_platform = 'opsbook' AND actor_user_id = 'scheduler'");
        Map<String, Long> startsPerRun = started.stream().collect(Collectors.groupingBy(r -> r.get("run_id"), Collectors.counting()));
        assertThat(runs).allSatisfy(run -> assertThat(startsPerRun.get(run)).as("run.started of %s", run).isEqualTo(1L));
        assertThat(startsPerRun).hasSameSizeAs(fired.stream().filter(f -> "started".equals(f.get("result"))).toList());

        Map<String, Long> byNode = new HashMap<>();
        List<String> nodes = query("SELECT instance_name FROM qrtz_scheduler_state").stream()
                .map(r -> r.get("instance_name")).toList();
        for (Map<String, String> f : fired) {
            String node = nodes.stream().filter(n -> f.get("delivery").startsWith(n)).findFirst().orElse("?");
            byNode.merge(node, 1L, Long::sum);
        }
        System.out.printf("cluster fires: %d fire times in %ds window, %d in total, by node %s%n", window.size(),
                WINDOW.toSeconds(), fired.size(), byNode);
        assertThat(byNode.keySet()).as("both nodes fired").hasSize(2).doesNotContain("?");
    }

    private Process serve(String name, Path runbooks, Path log) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Opsbook.class.getName(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("OPSBOOK_DB_URL", db.url());
        env.put("OPSBOOK_DB_USER", db.user());
        env.put("OPSBOOK_DB_PASSWORD", db.password());
        env.put("OPSBOOK_HOME", home.toString());
        env.put("OPSBOOK_RUNBOOKS", runbooks.toString());
        env.put("OPSBOOK_INTEGRITY_CRON", "");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        return pb.start();
    }

    private void awaitLog(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!Files.readString(log).contains(text)) {
            assertThat(servers).as(Files.readString(log)).allSatisfy(p -> assertThat(p.isAlive()).isTrue());
            assertThat(System.nanoTime()).as("server did not start: %s", Files.readString(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private List<Map<String, String>> query(String sql) throws Exception {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                Map<String, String> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
