package dev.opsbook.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ProcessStarter} must give a step; run once per starter by its subclasses. */
abstract class StepRunnerContract {
    @TempDir
    Path dir;

    final StepRunner runner = new StepRunner(Duration.ofMillis(500), 1024, 5, starter());
    final List<OutputLine> lines = new ArrayList<>();

    abstract ProcessStarter starter();

    StepResult run(String code, Map<String, String> env, Duration timeout, Redactor redactor) {
        Map<String, String> full = new java.util.HashMap<>(ExecutionSettings.inherit(System.getenv()));
        full.putAll(env);
        return runner.run(new StepLaunch("s1", 1, "bash", code, dir, dir.resolve("scripts"), full, timeout, redactor,
                dir.resolve("s1.log")), lines::add);
    }

    @Test
    void runsInTheWorkDirWithExactlyTheGivenEnvironment() throws Exception {
        StepResult r = run("pwd; env | sort | cut -d= -f1 | tr '\\n' ' '; echo; echo \"$GREETING\"",
                Map.of("GREETING", "hello world"), Duration.ofSeconds(10), Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(lines.get(0).text()).isEqualTo(dir.toRealPath().toString());
        assertThat(lines.get(1).text()).doesNotContain("OPSBOOK_TEST_PG_URL", "JAVA_HOME", "MAVEN").contains("GREETING", "PATH");
        assertThat(lines.get(2).text()).isEqualTo("hello world");
        assertThat(Files.readString(dir.resolve("s1.log"))).endsWith("hello world\n");
    }

    @Test
    void nonZeroExitFails() {
        StepResult r = run("echo before; exit 3", Map.of(), Duration.ofSeconds(10), Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.FAILED);
        assertThat(r.exitCode()).contains(3);
        assertThat(r.tail()).containsExactly("before");
    }

    @Test
    void injectionCorpusArrivesIntactAndNothingInjectedRuns() throws Exception {
        Path marker = dir.resolve("pwned");
        List<String> corpus = List.of("$(touch " + marker + ")", "; touch " + marker, "`touch " + marker + "`",
                "'; touch " + marker + "; '", "\"; touch " + marker + "; \"", "a\ntouch " + marker, "\\", "'", "\"",
                "$HOME ${PATH} %s %n", "&& touch " + marker + " || true", "| touch " + marker, "ünïcödé ✓");
        for (String value : corpus) {
            lines.clear();
            StepResult r = run("printf '%s' \"$VALUE\" > value.out; echo \"got: $VALUE\"", Map.of("VALUE", value),
                    Duration.ofSeconds(10), Redactor.none());
            assertThat(r.state()).as(value).isEqualTo(StepState.SUCCEEDED);
            assertThat(Files.readString(dir.resolve("value.out"))).as(value).isEqualTo(value);
            assertThat(marker).as("injected by " + value).doesNotExist();
        }
    }

    @Test
    void timeoutKillsTheWholeTreeIncludingBackgroundGrandchildren() throws Exception {
        Path pids = dir.resolve("pids");
        StepResult r = run("sleep 300 & echo $! >> pids; (sleep 301 & echo $! >> pids; wait) & "
                + "bash -c 'sleep 302 & echo $! >> pids; wait' & echo $$ >> pids; echo started; wait",
                Map.of(), Duration.ofSeconds(3), Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.TIMED_OUT);
        assertThat(r.message()).contains("timed out after 3s");
        List<Long> spawned = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(spawned).hasSize(4);
        for (long pid : spawned) {
            assertThat(ProcessHandle.of(pid).filter(ProcessTree::running)).as("pid " + pid).isEmpty();
        }
        assertThat(ProcessTree.members(spawned.get(3))).isEmpty();
    }

    @Test
    void strayBackgroundProcessesOfAFinishedStepAreKilled() throws Exception {
        Path pids = dir.resolve("pids");
        StepResult r = run("sleep 300 > /dev/null 2>&1 & echo $! > pids; echo done", Map.of(), Duration.ofSeconds(10),
                Redactor.none());
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        long pid = Long.parseLong(Files.readString(pids).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessTree::running)).isEmpty();
    }

    @Test
    void longLinesAreCutAndSecretsNeverLeave() throws Exception {
        StepResult r = run("head -c 5000 /dev/zero | tr '\\0' x; echo; echo \"token=$TOKEN and $TOKEN\"; for i in 1 2 3 4 5 6 7; do echo $i; done",
                Map.of("TOKEN", "hunter22"), Duration.ofSeconds(10), new Redactor(List.of("hunter22"), Redactor.DEFAULT_PATTERNS));
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(lines.get(0).text()).hasSize(1024);
        assertThat(lines.get(0).truncated()).isEqualTo(5000 - 1024);
        assertThat(lines.get(1).text()).isEqualTo("token=*** and ***");
        assertThat(r.tail()).containsExactly("3", "4", "5", "6", "7");
        String log = Files.readString(dir.resolve("s1.log"));
        assertThat(log).doesNotContain("hunter22").contains("[... 3976 more bytes on this line not kept]");
    }

    @Test
    void interruptingTheCallerCancelsAndKillsTheTree() throws Exception {
        Path pids = dir.resolve("pids");
        Thread caller = Thread.currentThread();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int i = 0; i < 200 && !Files.exists(pids); i++) {
                    Thread.sleep(20);
                }
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                return;
            }
            caller.interrupt();
        });
        StepResult r = run("sleep 300 & echo $! > pids; wait", Map.of(), Duration.ofSeconds(60), Redactor.none());
        assertThat(Thread.interrupted()).isTrue();
        assertThat(r.state()).isEqualTo(StepState.CANCELLED);
        long pid = Long.parseLong(Files.readString(pids).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessTree::running)).isEmpty();
    }

    @Test
    void randomValuesFullOfShellSyntaxArriveIntact() throws Exception {
        long seed = System.nanoTime();
        java.util.Random random = new java.util.Random(seed);
        String alphabet = "abc $`'\"\\;|&<>(){}[]*?!#~=%\n\t\r-_./:@^+,ü€";
        StringBuilder expected = new StringBuilder();
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            StringBuilder v = new StringBuilder();
            int len = random.nextInt(30);
            for (int j = 0; j < len; j++) {
                v.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            env.put("V" + i, v.toString());
        }
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            code.append("printf '%s' \"$V").append(i).append("\" > v").append(i).append(".out\n");
        }
        StepResult r = run(code.toString(), env, Duration.ofSeconds(20), Redactor.none());
        assertThat(r.state()).as("seed " + seed).isEqualTo(StepState.SUCCEEDED);
        for (int i = 0; i < 40; i++) {
            assertThat(Files.readString(dir.resolve("v" + i + ".out"))).as("seed " + seed + " V" + i).isEqualTo(env.get("V" + i));
        }
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> !n.matches("v\\d+\\.out|scripts|s1\\.log")))
                .as("seed " + seed + ": nothing else was created").isEmpty();
    }

    @Test
    void interpreterOtherThanBash() {
        StepResult r = runner.run(new StepLaunch("py", 1, "sh", "echo from sh", dir, dir.resolve("scripts"),
                ExecutionSettings.inherit(System.getenv()), Duration.ofSeconds(10), Redactor.none(), dir.resolve("py.log")), lines::add);
        assertThat(r.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(lines).extracting(OutputLine::text).containsExactly("from sh");
    }
}
