package dev.opsbook.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.cli.Opsbook;
import dev.opsbook.jdbc.TestDatabase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server as a child JVM, the way an operator runs and stops it: zero-config (embedded
 * database), a scheduled run in flight, then SIGTERM. Its log has one format — Spring Boot's, for
 * Tomcat, Hikari, Quartz, the embedded database and opsbook alike — and no stack trace; the server
 * exits within its bound, the run in flight is recorded as interrupted (resumable) with its step's
 * process gone, and the embedded database is stopped (last: nothing logs a terminated connection).
 * With {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} every log line is a JSON object.
 */
class ServerShutdownIT {
    /** Spring Boot's console format: time, level, pid, ---, [application] [thread], logger, ':' message. */
    static final Pattern BOOT_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) +(TRACE|DEBUG|INFO|WARN|ERROR) \\d+ --- \\[.*\\] \\S+ +: .*");
    static final Pattern STACK_TRACE = Pattern.compile("^\\s+at \\S+\\(|^Caused by: |^\\S+(Exception|Error): ");

    @TempDir
    Path dir;
    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        processes.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    @Test
    void sigtermDuringARunLeavesOneLogFormatNoStackTraceAndTheRunInterrupted() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path runbooks = runbookWithALongScheduledBackup();
        Path log = dir.resolve("serve.log");
        Process server = serve(home, runbooks, log, Map.of());
        awaitLog(server, log, "Started Opsbook");
        Path steps = dir.resolve("steps");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stepPids(steps).isEmpty()) {
            assertThat(System.nanoTime()).as("no scheduled run started: %s", Files.readString(log)).isLessThan(deadline);
            Thread.sleep(200);
        }

        server.destroy(); // SIGTERM
        assertThat(server.waitFor(90, TimeUnit.SECONDS)).as("server stops within its bound: %s", Files.readString(log)).isTrue();

        List<String> lines = Files.readAllLines(log);
        List<String> logged = lines.stream().filter(l -> !banner(l)).toList();
        assertThat(logged).as("log lines").isNotEmpty();
        assertThat(logged.stream().filter(l -> !BOOT_LINE.matcher(l).matches()).toList())
                .as("lines not in Spring Boot's format, in:%n%s", String.join("\n", lines)).isEmpty();
        assertThat(lines.stream().filter(l -> STACK_TRACE.matcher(l).find() || l.contains("COMMONS-LOGGING") || l.contains("57P01")).toList())
                .as("stack traces and broken lines, in:%n%s", String.join("\n", lines)).isEmpty();
        assertThat(logged).anySatisfy(l -> assertThat(l).contains("catalina.core.StandardEngine", "Starting Servlet engine"))
                .anySatisfy(l -> assertThat(l).contains("com.zaxxer.hikari"))
                .anySatisfy(l -> assertThat(l).contains("RunThreads", "run(s) in flight interrupted"));
        assertThat(stepPids(steps)).as("the steps' processes were killed")
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        assertThat(home.resolve("db/postmaster.pid")).as("the embedded database was stopped").doesNotExist();

        String runs = cli(home, "runs");
        assertThat(runs).as(runs).containsPattern("(?m)^\\S+ +interrupted +slow-backup ")
                .doesNotContainPattern("(?m)^\\S+ +(running|cancelled|pending) +slow-backup ");
    }

    @Test
    void structuredConsoleLoggingWritesOneJsonObjectPerLine() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Path log = dir.resolve("serve-json.log");
            Path runbooks = Files.createDirectories(dir.resolve("empty-runbooks"));
            Process server = serve(Files.createDirectories(dir.resolve("home-json")), runbooks, log, Map.of(
                    "LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs", "OPSBOOK_DB_URL", db.url(), "OPSBOOK_DB_USER", db.user(),
                    "OPSBOOK_DB_PASSWORD", db.password()));
            awaitLog(server, log, "Started Opsbook");
            server.destroy();
            assertThat(server.waitFor(90, TimeUnit.SECONDS)).isTrue();
            ObjectMapper json = new ObjectMapper();
            List<String> logged = Files.readAllLines(log).stream().filter(l -> !banner(l)).toList();
            assertThat(logged).isNotEmpty().allSatisfy(l -> {
                JsonNode line = json.readTree(l);
                assertThat(line.path("log").path("level").asText()).as(l).isNotBlank();
                assertThat(line.path("message").asText()).as(l).isNotBlank();
            });
            assertThat(logged).anySatisfy(l -> assertThat(l).contains("Tomcat started on port"));
        }
    }

    private static List<Long> stepPids(Path steps) throws Exception {
        List<Long> pids = new ArrayList<>();
        try (var files = Files.list(steps)) {
            for (Path f : files.toList()) {
                String text = Files.readString(f).strip();
                if (!text.isEmpty()) {
                    pids.add(Long.parseLong(text));
                }
            }
        }
        return pids;
    }

    /** The first-start password notice is printed for a person, on purpose not as a log line. */
    private static boolean banner(String line) {
        return line.isBlank() || line.startsWith("  ");
    }

    private Path runbookWithALongScheduledBackup() throws Exception {
        Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
        Files.writeString(runbooks.resolve("slow-backup.md"), """
                ---
                id: slow-backup
                title: A backup that takes a while
                service: slow
                owners: [alice]
                schedules:
                  - {cron: "0/2 * * * * ?", run: backup}
                ---
                ## Backup

                ```bash {#dump timeout=20m}
                echo $$ > "%s/$OPSBOOK_RUN_ID"
                exec sleep 600
                ```
                """.formatted(Files.createDirectories(dir.resolve("steps"))));
        return runbooks;
    }

    private Process serve(Path home, Path runbooks, Path log, Map<String, String> extra) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx320m", "-cp", System.getProperty("java.class.path"),
                Opsbook.class.getName(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("OPSBOOK_HOME", home.toString());
        env.put("OPSBOOK_RUNBOOKS", runbooks.toString());
        env.put("OPSBOOK_INTEGRITY_CRON", "");
        env.put("OPSBOOK_RETENTION_CRON", "");
        env.put("OPSBOOK_FAILOVER_ENABLED", "false");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", home.toString());
        env.putAll(extra);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private String cli(Path home, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), Opsbook.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("OPSBOOK_DB_URL");
        pb.environment().put("OPSBOOK_HOME", home.toString());
        Process p = pb.start();
        processes.add(p);
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void awaitLog(Process server, Path log, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (!Files.readString(log).contains(text)) {
            assertThat(server.isAlive()).as("server died: %s", Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("server did not start: %s", Files.readString(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
