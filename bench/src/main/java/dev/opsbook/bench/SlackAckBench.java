package dev.opsbook.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slash-command acknowledgement latency of {@code opsbook serve}: starts the server jar through
 * {@code bin/opsbook} (as users do) with a local stand-in for Slack's Web API (loopback only), then fires rounds of N concurrent signed
 * {@code /runbook status} commands at {@code /slack/events} and reports p50/p90/p99/max of the
 * time until the HTTP acknowledgement. Bounded: rounds × concurrency requests, then it stops.
 *
 * <pre>java bench/src/main/java/dev/opsbook/bench/SlackAckBench.java bot/target/opsbook.jar [concurrency] [rounds]</pre>
 */
public final class SlackAckBench {
    private static final AtomicInteger AUTH_TESTS = new AtomicInteger();
    private static final String SECRET = "bench-" + Long.toHexString(System.nanoTime());

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "bot/target/opsbook.jar");
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        // "bursts": each round starts once every command before it was answered through response_url (a burst of N
        // against a server with nothing else to do); the default starts the next round as soon as the last
        // acknowledgement arrived, while the earlier commands' work still runs (sustained load)
        boolean bursts = args.length > 3 && args[3].equals("bursts");
        AtomicInteger replies = new AtomicInteger();
        HttpServer slack = fakeSlack(replies);
        int port = freePort();
        Process server = startServer(jar, port, "http://127.0.0.1:" + slack.getAddress().getPort());
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        ExecutorService io = Executors.newFixedThreadPool(4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(io)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI endpoint = URI.create("http://127.0.0.1:" + port + "/slack/events");
        String responseBase = "http://127.0.0.1:" + slack.getAddress().getPort() + "/respond/";
        try {
            awaitUp(http, endpoint, server);
            List<Long> warmup = run(http, endpoint, responseBase, pool, concurrency, 20, "warm", null, 0);
            System.out.printf("warm-up: %d requests%n", warmup.size());
            long startedAt = System.currentTimeMillis();
            long started = System.nanoTime();
            long clientCpu0 = clientCpuNanos();
            long serverCpu0 = cpuNanos(server.toHandle());
            List<Long> samples = run(http, endpoint, responseBase, pool, concurrency, rounds, "run",
                    bursts ? replies : null, 20 * concurrency);
            double seconds = (System.nanoTime() - started) / 1e9;
            long endedAt = System.currentTimeMillis();
            double clientCpu = (clientCpuNanos() - clientCpu0) / 1e9;
            double serverCpu = (cpuNanos(server.toHandle()) - serverCpu0) / 1e9;
            int expected = (20 + rounds) * concurrency;
            long deadline = System.currentTimeMillis() + 20_000;
            while (replies.get() < expected && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Collections.sort(samples);
            System.out.printf("slash-command ack latency, %d concurrent x %d rounds%s = %d requests in %.1fs%n",
                    concurrency, rounds, bursts ? " (bursts: each after the last one's replies)" : "", samples.size(), seconds);
            System.out.printf("p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n",
                    pct(samples, 50), pct(samples, 90), pct(samples, 99), samples.getLast() / 1e6);
            System.out.printf("CPU during the measured rounds: server %.2f s, this client %.2f s (%.0f%% and %.0f%% of one core over %.1f s)%n",
                    serverCpu, clientCpu, 100 * serverCpu / seconds, 100 * clientCpu / seconds, seconds);
            System.out.printf("measured window (epoch ms, to cut a JFR recording): %d-%d%n", startedAt, endedAt);
            System.out.printf("replies delivered through response_url: %d of %d (auth.test calls: %d); acknowledged as busy, not run: %d%n",
                    replies.get(), expected, AUTH_TESTS.get(), BUSY.get());
        } finally {
            server.destroy();
            server.waitFor();
            pool.shutdownNow();
            io.shutdownNow();
            slack.stop(0);
            ((ExecutorService) slack.getExecutor()).shutdownNow();
        }
    }

    private static List<Long> run(HttpClient http, URI endpoint, String responseBase, ExecutorService pool,
                                  int concurrency, int rounds, String tag, AtomicInteger replies, int answeredBefore)
            throws Exception {
        List<Long> samples = Collections.synchronizedList(new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> inFlight = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                String trigger = tag + "-" + round + "-" + i;
                // signed before the round starts: Slack signs on its side, not on the cores the server needs
                String body = command(trigger, responseBase + trigger);
                HttpRequest request = JDK_CLIENT ? signed(endpoint, body) : null;
                byte[] raw = JDK_CLIENT ? null : RawConnection.request(endpoint, signature(body), body);
                inFlight.add(pool.submit(() -> {
                    go.await();
                    long t0 = System.nanoTime();
                    int status;
                    if (JDK_CLIENT) {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                    } else {
                        status = CONNECTIONS.get().send(endpoint, raw);
                    }
                    long took = System.nanoTime() - t0;
                    if (status != 200) {
                        throw new IllegalStateException("HTTP " + status);
                    }
                    samples.add(took);
                    return null;
                }));
            }
            int before = samples.size();
            long r0 = System.nanoTime();
            go.countDown();
            for (Future<?> f : inFlight) {
                f.get();
            }
            if (System.getenv("OPSBOOK_BENCH_PER_ROUND") != null) {
                List<Long> mine; synchronized (samples) { mine = new ArrayList<>(samples.subList(before, samples.size())); }
                java.util.Collections.sort(mine);
                System.out.printf("round %d at %d: min %.1f p50 %.1f max %.1f ms, round %.1f ms%n", round, System.currentTimeMillis(), mine.getFirst() / 1e6,
                        mine.get(mine.size() / 2) / 1e6, mine.getLast() / 1e6, (System.nanoTime() - r0) / 1e6);
            }
            if (replies != null) {
                int expected = answeredBefore + (round + 1) * concurrency;
                long deadline = System.currentTimeMillis() + 10_000;
                while (replies.get() < expected && System.currentTimeMillis() < deadline) {
                    Thread.sleep(5);
                }
                Thread.sleep(20); // the replies' last database writes
            }
        }
        return new ArrayList<>(samples);
    }

    /** Commands the server refused as busy (its chat work queue full): acknowledged, never run. */
    private static final AtomicInteger BUSY = new AtomicInteger();

    private static String command(String trigger, String responseUrl) {
        return "token=x&team_id=T1&team_domain=bench&channel_id=C1&channel_name=ops&user_id=U1&user_name=bench"
                + "&command=%2Frunbook&text=" + URLEncoder.encode("status " + trigger, StandardCharsets.UTF_8)
                + "&api_app_id=A1&response_url=" + URLEncoder.encode(responseUrl, StandardCharsets.UTF_8)
                + "&trigger_id=" + trigger;
    }

    /**
     * The client shares the two cores with the server, and Slack's own senders do not: by default each concurrent
     * sender keeps one connection and writes a prepared request ({@link RawConnection}, some tens of microseconds of
     * CPU a request); {@code OPSBOOK_BENCH_CLIENT=jdk} uses the JDK's HttpClient instead (0.6–0.8 ms of CPU a request
     * here, 66–82 % of a core during the rounds).
     */
    static final boolean JDK_CLIENT = "jdk".equals(System.getenv("OPSBOOK_BENCH_CLIENT"));
    static final ThreadLocal<RawConnection> CONNECTIONS = ThreadLocal.withInitial(RawConnection::new);

    /** Timestamp and signature header values for {@code body}, as Slack computes them. */
    private static String[] signature(String body) throws Exception {
        String ts = String.valueOf(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return new String[] {ts, "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)))};
    }

    private static HttpRequest signed(URI endpoint, String body) throws Exception {
        String[] sig = signature(body);
        return HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", sig[0]).header("X-Slack-Signature", sig[1])
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** One kept-alive HTTP/1.1 connection: writes prepared request bytes, reads the status and skips the rest. */
    static final class RawConnection {
        private java.net.Socket socket;
        private java.io.BufferedInputStream in;
        private java.io.OutputStream out;

        static byte[] request(URI endpoint, String[] signature, String body) {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + endpoint.getPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nX-Slack-Request-Timestamp: " + signature[0]
                    + "\r\nX-Slack-Signature: " + signature[1] + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.US_ASCII);
            byte[] all = java.util.Arrays.copyOf(h, h.length + content.length);
            System.arraycopy(content, 0, all, h.length, content.length);
            return all;
        }

        int send(URI endpoint, byte[] request) throws IOException {
            if (socket == null) {
                socket = new java.net.Socket(endpoint.getHost(), endpoint.getPort());
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
                in = new java.io.BufferedInputStream(socket.getInputStream());
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            boolean close = false;
            for (String h = line(); !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (chunked) {
                for (int n = chunk(); n > 0; n = chunk()) {
                    in.readNBytes(n);
                    line();
                }
                line();
            } else if (length >= 0) {
                if (new String(in.readNBytes(length), StandardCharsets.UTF_8).contains("is busy")) {
                    BUSY.incrementAndGet();
                }
            } else {
                in.readAllBytes();
                close = true;
            }
            if (close) {
                socket.close();
                socket = null;
            }
            return code;
        }

        private int chunk() throws IOException {
            return Integer.parseInt(line().split(";")[0].trim(), 16);
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }

    /** Answers auth.test and chat.* like Slack and counts command replies posted to response URLs. */
    private static HttpServer fakeSlack(AtomicInteger replies) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/respond/")) {
                replies.incrementAndGet();
            } else {
                AUTH_TESTS.addAndGet(path.endsWith("auth.test") ? 1 : 0);
            }
            byte[] answer = (path.endsWith("auth.test")
                    ? "{\"ok\":true,\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\",\"team\":\"bench\",\"user\":\"opsbook\"}"
                    : "{\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        return server;
    }

    private static Process startServer(Path jar, int port, String slackUrl) throws IOException {
        // the server starts as users start it, through the launcher (its JIT flags for serve), on the jar under test;
        // without the serve AOT cache, which only shortens start-up (each fresh home would record one)
        Path launcher = Path.of(System.getenv().getOrDefault("OPSBOOK_BENCH_LAUNCHER", "bin/opsbook"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "serve", "--port", String.valueOf(port));
        pb.environment().put("OPSBOOK_JAR", jar.toAbsolutePath().toString());
        pb.environment().put("OPSBOOK_SERVE_AOT", "off");
        // e.g. -XX:StartFlightRecording=filename=/tmp/ack.jfr,settings=profile to see where the server's time goes,
        // or OPSBOOK_JIT=tiered in the environment for the JIT the launcher does not choose
        String jvmArgs = System.getenv().getOrDefault("OPSBOOK_BENCH_SERVER_JVM_ARGS", "").strip();
        if (!jvmArgs.isEmpty()) {
            pb.environment().put("JAVA_TOOL_OPTIONS", jvmArgs);
        }
        pb.environment().remove("DISCORD_BOT_TOKEN");
        pb.environment().remove("SLACK_APP_TOKEN");
        pb.environment().put("SLACK_BOT_TOKEN", "xoxb-bench");
        pb.environment().put("SLACK_SIGNING_SECRET", SECRET);
        pb.environment().put("SLACK_API_URL", slackUrl + "/api/");
        // serve opens the execution engine: OPSBOOK_DB_URL if set, else an embedded PostgreSQL in OPSBOOK_HOME
        if (!pb.environment().containsKey("OPSBOOK_HOME")) {
            pb.environment().put("OPSBOOK_HOME", java.nio.file.Files.createTempDirectory("opsbook-bench").toString());
        }
        pb.redirectErrorStream(true).redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "opsbook-bench-server.log").toFile());
        return pb.start();
    }

    private static void awaitUp(HttpClient http, URI endpoint, Process server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited; see " + System.getProperty("java.io.tmpdir") + "/opsbook-bench-server.log");
            }
            try {
                int status = http.send(HttpRequest.newBuilder(endpoint).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the server did not answer within 120 s");
    }

    /** CPU time of this JVM (all threads: senders, HTTP client, GC, JIT, the Slack stand-in). */
    private static long clientCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long cpuNanos(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, i)) / 1e6;
    }
}
