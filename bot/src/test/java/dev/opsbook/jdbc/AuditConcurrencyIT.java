package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.audit.AuditVerifier;
import dev.opsbook.audit.RecordedEvent;
import dev.opsbook.audit.VerificationResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditConcurrencyIT {
    private final TestDatabase test = TestDatabase.create();

    @AfterEach
    void drop() {
        test.close();
    }

    private Database open() {
        return Database.open(DatabaseSettings.external(test.url(), test.user(), test.password()));
    }

    private static List<Future<List<RecordedEvent>>> appendFrom(ExecutorService pool, JdbcAuditLog log, int threads,
                                                                int each, String label) {
        List<Future<List<RecordedEvent>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String run = label + t;
            futures.add(pool.submit(() -> {
                List<RecordedEvent> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    mine.add(log.append(JdbcAuditLogIT.event(run + "-" + i, "succeeded")));
                }
                return mine;
            }));
        }
        return futures;
    }

    private static void assertOneGapFreeChain(JdbcAuditLog log, int expected) {
        List<Long> sequences = new ArrayList<>();
        log.read(1, e -> sequences.add(e.sequence()));
        assertThat(sequences).hasSize(expected);
        assertThat(sequences.getLast()).isEqualTo(expected);
        VerificationResult result = AuditVerifier.verify(log);
        assertThat(result.intact()).isTrue();
        assertThat(result.verifiedEvents()).isEqualTo(expected);
        assertThat(log.head()).extracting(JdbcAuditLog.ChainHead::sequence, JdbcAuditLog.ChainHead::hash).containsExactly((long) expected, result.headHash());
    }

    @Test
    void twoWritersWithTheirOwnPoolsShareOneChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Database a = open(); Database b = open();
             JdbcAuditLog logA = new JdbcAuditLog(a.dataSource(), Clock.systemUTC());
             JdbcAuditLog logB = new JdbcAuditLog(b.dataSource(), Clock.systemUTC())) {
            List<Future<List<RecordedEvent>>> all = new ArrayList<>(appendFrom(pool, logA, 4, 100, "a"));
            all.addAll(appendFrom(pool, logB, 4, 100, "b"));
            List<Long> returned = new ArrayList<>();
            for (Future<List<RecordedEvent>> f : all) {
                List<RecordedEvent> mine = f.get();
                mine.forEach(e -> returned.add(e.sequence()));
                assertThat(mine).extracting(RecordedEvent::sequence).isSorted();
            }
            assertThat(returned).doesNotHaveDuplicates().hasSize(800);
            assertOneGapFreeChain(logA, 800);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoProcessesAppendingAtOnceShareOneChain() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (String label : List.of("p1", "p2")) {
            processes.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    AuditAppender.class.getName(), test.url(), test.user(), test.password(), "200", label)
                    .redirectErrorStream(true).start());
        }
        try {
            for (Process p : processes) { // both connected before either appends
                BufferedReader out = p.inputReader(StandardCharsets.UTF_8);
                assertThat(out.readLine()).isEqualTo("ready");
            }
            for (Process p : processes) {
                BufferedWriter in = p.outputWriter(StandardCharsets.UTF_8);
                in.write("go\n");
                in.flush();
            }
            for (Process p : processes) {
                String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
                assertThat(p.exitValue()).as(output).isZero();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
        try (Database db = open(); JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            assertOneGapFreeChain(log, 400);
            List<String> writers = new ArrayList<>();
            log.read(1, e -> writers.add(e.event().runId().orElseThrow().substring(0, 2)));
            long switches = IntStream.range(1, writers.size())
                    .filter(i -> !writers.get(i).equals(writers.get(i - 1))).count();
            assertThat(switches).as("the two processes' appends interleave").isGreaterThanOrEqualTo(2);
        }
    }
}
