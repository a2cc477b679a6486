package dev.opsbook.slack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A local stand-in for Slack's Web API (and for response URLs) that records every call. It
 * answers {@code auth.test} (Bolt calls it before anything else), {@code chat.postMessage} with a
 * fresh {@code ts}, the two-step external file upload, {@code users.info} for U1–U4 ({@link #NAMES};
 * anyone else is {@code user_not_found}), {@code views.open} (an {@code expired_trigger_id} error for
 * triggers starting with {@code expired}), and {@code ok:true} for the rest.
 * {@link #rateLimitNext} makes the next calls of a method answer HTTP 429 with Retry-After.
 */
final class FakeSlackApi implements AutoCloseable {

    /** One recorded call: {@code method} is the Web API method or {@code respond}/{@code upload}; {@code path} the request path. */
    record Call(String method, Map<String, String> params, String body, Instant at, int status, String answer, String path) {
        /** The {@code ts} this fake gave a posted message. */
        String ts() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"ts\":\"([0-9.]+)\"").matcher(answer);
            if (!m.find()) {
                throw new AssertionError("no ts in " + answer);
            }
            return m.group(1);
        }
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Integer>> rateLimits = new LinkedHashMap<>();
    private final AtomicLong ts = new AtomicLong(1_700_000_000_000_100L);
    private volatile String socketModeUrl = "ws://127.0.0.1:9/";

    /** Starts a fake on a free loopback port. */
    static FakeSlackApi start() {
        try {
            return new FakeSlackApi();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Slack Web API", e);
        }
    }

    private FakeSlackApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String apiUrl() {
        return url() + "/api/";
    }

    /** What {@code apps.connections.open} answers: where a Socket Mode client connects. */
    void socketModeUrl(String url) {
        socketModeUrl = url;
    }

    /** The next {@code times} calls of {@code method} into {@code channel} answer 429 with Retry-After. */
    synchronized void rateLimitNext(String method, String channel, int times, int retryAfterSeconds) {
        Deque<Integer> queue = rateLimits.computeIfAbsent(method + "|" + channel, m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(retryAfterSeconds);
        }
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** Waits (bounded) until a recorded call matches; returns every matching call. */
    synchronized List<Call> await(String method, Predicate<Call> match, int count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<Call> found = calls.stream().filter(c -> c.method().equals(method) && c.status() == 200).filter(match).toList();
            if (found.size() >= count) {
                return found;
            }
            wait(Math.max(1, deadline - System.currentTimeMillis()));
        }
        throw new AssertionError("no " + count + " matching " + method + " call within " + timeoutMillis + " ms; calls: " + calls);
    }

    /** The run id in the reply posted to the response URL of the command with {@code trigger}. */
    String startedRunId(java.util.regex.Pattern runId, String trigger, long timeoutMillis) throws InterruptedException {
        String body = await("respond", c -> c.path().endsWith("/" + trigger), 1, timeoutMillis).getFirst().body();
        java.util.regex.Matcher m = runId.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no started run in " + body);
        }
        return m.group(1);
    }

    /** The approval request message of {@code stepId} in run {@code runId}. */
    Call approvalRequest(String runId, String stepId, long timeoutMillis) throws InterruptedException {
        return await("chat.postMessage", c -> c.params().getOrDefault("blocks", "").contains(runId + "|" + stepId),
                1, timeoutMillis).getFirst();
    }

    /** The run's parent message in {@code channel} (the one its thread hangs off). */
    Call runParent(String channel, String runId) throws InterruptedException {
        return await("chat.postMessage", c -> channel.equals(c.params().get("channel")) && !c.params().containsKey("thread_ts")
                && c.params().getOrDefault("text", "").contains(runId), 1, 10_000).getFirst();
    }

    /** The texts successfully posted in the thread under {@code parentTs}, in order. */
    synchronized List<String> threadTexts(String parentTs) {
        return calls.stream().filter(c -> c.status() == 200 && "chat.postMessage".equals(c.method())
                        && parentTs.equals(c.params().get("thread_ts")))
                .map(c -> c.params().getOrDefault("text", "")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = path.startsWith("/api/") ? path.substring(5) : path.startsWith("/respond") ? "respond" : "upload";
        Map<String, String> params = form(exchange.getRequestHeaders().getFirst("Content-Type"), body);
        Integer retryAfter;
        synchronized (this) {
            Deque<Integer> limits = rateLimits.get(method + "|" + params.getOrDefault("channel", ""));
            retryAfter = limits == null ? null : limits.poll();
        }
        int status = retryAfter == null ? 200 : 429;
        String answer = retryAfter == null ? answer(method, params) : "{\"ok\":false,\"error\":\"ratelimited\"}";
        synchronized (this) {
            calls.add(new Call(method, params, body, Instant.now(), status, answer, path));
            notifyAll();
        }
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(retryAfter));
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String answer(String method, Map<String, String> params) {
        String channel = params.getOrDefault("channel", "C1");
        return switch (method) {
            case "auth.test" -> "{\"ok\":true,\"url\":\"https://opsbook-test.slack.com/\",\"team\":\"test\",\"user\":\"opsbook\","
                    + "\"team_id\":\"T1\",\"user_id\":\"UBOT\",\"bot_id\":\"BBOT\"}";
            case "chat.postMessage" -> {
                long next = ts.incrementAndGet();
                String stamp = next / 1_000_000 + "." + String.format("%06d", next % 1_000_000);
                yield "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + stamp + "\",\"message\":{\"ts\":\"" + stamp + "\"}}";
            }
            case "files.getUploadURLExternal" -> "{\"ok\":true,\"upload_url\":\"" + url() + "/upload/F1\",\"file_id\":\"F1\"}";
            case "files.completeUploadExternal" -> "{\"ok\":true,\"files\":[{\"id\":\"F1\",\"title\":\"log\"}]}";
            case "usergroups.list" -> "{\"ok\":true,\"usergroups\":[{\"id\":\"S1\",\"handle\":\"dba\",\"users\":[\"U2\",\"U3\"]},"
                    + "{\"id\":\"S2\",\"handle\":\"oncall\",\"users\":[\"U3\"]}]}";
            case "apps.connections.open" -> "{\"ok\":true,\"url\":\"" + socketModeUrl + "\"}";
            case "files.info" -> "{\"ok\":true,\"file\":{\"id\":\"F1\"}}";
            case "upload" -> "OK";
            case "conversations.replies" -> replies(channel, params.getOrDefault("ts", ""));
            case "users.info" -> userInfo(params.getOrDefault("user", ""));
            case "views.open" -> params.getOrDefault("trigger_id", "").startsWith("expired")
                    ? "{\"ok\":false,\"error\":\"expired_trigger_id\"}" : "{\"ok\":true,\"view\":{\"id\":\"V1\"}}";
            default -> "{\"ok\":true}";
        };
    }

    /** Display names of the users tests act as: U1 Alice, U2 Bob, U3 Carol, U4 Dan; anyone else is unknown to Slack. */
    static final Map<String, String> NAMES = Map.of("U1", "Alice Example", "U2", "Bob Example", "U3", "Carol Example",
            "U4", "Dan Example");

    private static String userInfo(String id) {
        String name = NAMES.get(id);
        return name == null ? "{\"ok\":false,\"error\":\"user_not_found\"}"
                : "{\"ok\":true,\"user\":{\"id\":\"" + id + "\",\"name\":\"" + id.toLowerCase() + "\",\"real_name\":\"Real "
                + name + "\",\"profile\":{\"display_name\":\"" + name + "\",\"real_name\":\"Real " + name + "\"}}}";
    }

    /** The thread's parent as this fake posted it: the chat.postMessage call that was given {@code ts}. */
    private synchronized String replies(String channel, String ts) {
        return calls.stream().filter(c -> c.method().equals("chat.postMessage") && channel.equals(c.params().get("channel"))
                        && c.answer().contains("\"ts\":\"" + ts + "\""))
                .findFirst().map(c -> {
                    try {
                        return "{\"ok\":true,\"messages\":[{\"type\":\"message\",\"ts\":\"" + ts + "\",\"text\":"
                                + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(c.params().getOrDefault("text", ""))
                                + "}],\"has_more\":false}";
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                }).orElse("{\"ok\":false,\"error\":\"thread_not_found\"}");
    }

    private static Map<String, String> form(String contentType, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return params;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
