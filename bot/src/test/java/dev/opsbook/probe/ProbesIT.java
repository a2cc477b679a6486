package dev.opsbook.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.failover.ProbeResult;
import dev.opsbook.jdbc.TestDatabase;
import dev.opsbook.runbook.ProbeSpec;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.runbook.SourcePosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every probe kind against a real local server: an HTTP server and a fake Prometheus HTTP API on
 * port 0, a TCP listener, the test PostgreSQL, bash.
 */
class ProbesIT {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    static final SourcePosition AT = SourcePosition.START;
    static HttpServer http;
    static final AtomicInteger status = new AtomicInteger(200);
    static final AtomicInteger delayMs = new AtomicInteger();
    static final AtomicReference<String> prometheusAnswer = new AtomicReference<>();
    static final AtomicReference<String> lastQuery = new AtomicReference<>();
    static TestDatabase db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void servers() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/health", ex -> {
            sleep(delayMs.get());
            answer(ex, status.get(), "{\"status\":\"ok\"}");
        });
        http.createContext("/api/v1/query", ex -> {
            lastQuery.set(URLDecoder.decode(ex.getRequestURI().getRawQuery().substring("query=".length()), StandardCharsets.UTF_8));
            answer(ex, 200, prometheusAnswer.get());
        });
        http.start();
        db = TestDatabase.create();
    }

    @AfterAll
    static void stop() {
        http.stop(0);
        db.close();
    }

    static String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    Probes probes() {
        return new Probes(SecretProvider.environment(Map.of("OPSBOOK_SECRET_ORDERS_DB", db.url() + "?user=" + db.user()
                + (db.password().isEmpty() ? "" : "&password=" + db.password()))), Map.of("PATH", System.getenv("PATH")));
    }

    ProbeResult check(ProbeSpec spec) {
        return probes().of(spec, RunbookParser.parse(tmp.resolve("x.md").toString(), "---\nid: x\n---\n".getBytes()).runbook().orElseThrow()).check();
    }

    @Test
    void httpChecksStatusAndLatency() {
        status.set(200);
        delayMs.set(0);
        ProbeSpec.Http spec = new ProbeSpec.Http("api", base() + "/health", 200, Duration.ofMillis(500), TIMEOUT, AT);
        assertThat(check(spec)).satisfies(r -> {
            assertThat(r.healthy()).isTrue();
            assertThat(r.detail()).isEqualTo("HTTP 200");
        });
        status.set(503);
        assertThat(check(spec)).satisfies(r -> assertThat(r.detail()).isEqualTo("HTTP 503 (expected 200)"))
                .extracting(ProbeResult::healthy).isEqualTo(false);
        status.set(200);
        delayMs.set(700);
        assertThat(check(spec).detail()).matches("answered in \\d+ ms, more than 500ms");
        delayMs.set(2500);
        assertThat(check(spec).detail()).isEqualTo("no answer within 2s");
        delayMs.set(0);
        assertThat(check(new ProbeSpec.Http("gone", "http://127.0.0.1:" + freePort() + "/health", 200, TIMEOUT, TIMEOUT, AT)))
                .satisfies(r -> assertThat(r.healthy()).isFalse());
    }

    @Test
    void tcpConnectsOrSaysWhyNot() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(check(new ProbeSpec.Tcp("db-port", "127.0.0.1", listener.getLocalPort(), TIMEOUT, AT)).healthy()).isTrue();
        }
        int closed = freePort();
        ProbeResult r = check(new ProbeSpec.Tcp("db-port", "127.0.0.1", closed, TIMEOUT, AT));
        assertThat(r.healthy()).isFalse();
        assertThat(r.detail()).startsWith("127.0.0.1:" + closed + ": ").containsIgnoringCase("refused");
    }

    @Test
    void sqlRunsTheQueryOnTheRealDatabaseWithTheUrlFromASecret() {
        assertThat(check(new ProbeSpec.Sql("orders", "", "orders-db", "select 41 + 1", "42", TIMEOUT, AT)))
                .satisfies(r -> assertThat(r.detail()).isEqualTo("returned '42'")).extracting(ProbeResult::healthy).isEqualTo(true);
        assertThat(check(new ProbeSpec.Sql("orders", "", "orders-db", "select 41", "42", TIMEOUT, AT)).detail())
                .isEqualTo("query returned '41', expected '42'");
        assertThat(check(new ProbeSpec.Sql("orders", "", "orders-db", "select * from no_such_table", "", TIMEOUT, AT)).detail())
                .startsWith("SQL state 42P01: ");
        assertThat(check(new ProbeSpec.Sql("orders", "", "missing-secret", "select 1", "", TIMEOUT, AT)).detail())
                .isEqualTo("secret missing-secret not found: set OPSBOOK_SECRET_MISSING_SECRET to the JDBC URL");
        ProbeResult down = check(new ProbeSpec.Sql("orders", "jdbc:postgresql://127.0.0.1:" + freePort() + "/x", "", "select 1", "",
                TIMEOUT, AT));
        assertThat(down.healthy()).isFalse();
        assertThat(down.detail()).startsWith("SQL state 08001");
    }

    @Test
    void commandExitCodeDecidesWithOnlyTheGivenEnvironmentAndATimeout() throws IOException {
        Files.writeString(tmp.resolve("ok"), "");
        assertThat(check(new ProbeSpec.Command("file", "test -f ok && echo found", TIMEOUT, AT)))
                .satisfies(r -> assertThat(r.detail()).isEqualTo("found")).extracting(ProbeResult::healthy).isEqualTo(true);
        assertThat(check(new ProbeSpec.Command("file", "echo checking; echo \"no $HOME_SECRET\" >&2; exit 3", TIMEOUT, AT)).detail())
                .isEqualTo("exit code 3: no");
        long start = System.nanoTime();
        ProbeResult slow = check(new ProbeSpec.Command("slow", "sleep 30", Duration.ofMillis(300), AT));
        assertThat(slow.detail()).isEqualTo("still running after 300ms: killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(check(new ProbeSpec.Command("env", "test -z \"$JAVA_HOME\"", TIMEOUT, AT)).healthy()).isTrue();
    }

    @Test
    void prometheusComparesEveryValueWithTheMaximum() {
        ProbeSpec.Prometheus errors = new ProbeSpec.Prometheus("errors", base(), "sum(rate(errors_total{job=\"api\"}[1m]))", 0.05,
                TIMEOUT, AT);
        prometheusAnswer.set("""
                {"status":"success","data":{"resultType":"vector","result":[
                 {"metric":{"instance":"a"},"value":[1700000000.1,"0.01"]},{"metric":{"instance":"b"},"value":[1700000000.1,"0.02"]}]}}""");
        assertThat(check(errors)).satisfies(r -> assertThat(r.detail()).isEqualTo("value 0.02")).extracting(ProbeResult::healthy).isEqualTo(true);
        assertThat(lastQuery.get()).isEqualTo("sum(rate(errors_total{job=\"api\"}[1m]))");
        prometheusAnswer.set("""
                {"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000.1,"0.25"]}]}}""");
        assertThat(check(errors).detail()).isEqualTo("value 0.25 above max 0.05");
        prometheusAnswer.set("""
                {"status":"success","data":{"resultType":"vector","result":[]}}""");
        assertThat(check(errors).detail()).isEqualTo("the query returned no series");
        prometheusAnswer.set("""
                {"status":"error","errorType":"bad_data","error":"parse error at char 5"}""");
        assertThat(check(errors).detail()).isEqualTo("Prometheus answered HTTP 200: parse error at char 5");
        prometheusAnswer.set("""
                {"status":"success","data":{"resultType":"scalar","result":[1700000000.1,"120"]}}""");
        assertThat(check(new ProbeSpec.Prometheus("queue", base(), "scalar(queue_length)", 100, TIMEOUT, AT)).detail())
                .isEqualTo("value 120 above max 100");
    }

    @Test
    void resultsBecomeMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProbeMetrics metrics = new ProbeMetrics(registry);
        metrics.record("checkout-api", ProbeResult.healthy("proxy", "http", Duration.ofMillis(12), "HTTP 200"));
        metrics.record("checkout-api", ProbeResult.failed("proxy", "http", Duration.ofMillis(30), "HTTP 502"));
        metrics.record("checkout-api", ProbeResult.failed("proxy", "http", Duration.ofMillis(30), "HTTP 502"));
        assertThat(registry.get("opsbook.probe.checks").tags("service", "checkout-api", "probe", "proxy", "kind", "http",
                "result", "unhealthy").counter().count()).isEqualTo(2);
        assertThat(registry.get("opsbook.probe.healthy").tags("probe", "proxy").gauge().value()).isZero();
        assertThat(registry.get("opsbook.probe.latency").tags("kind", "http").timer().count()).isEqualTo(3);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void answer(com.sun.net.httpserver.HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
