package dev.opsbook.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser-like HTTP client for the web tests: its own cookies, no redirects followed, the CSRF token of the last page. */
public final class WebClient {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final HttpClient http;
    private String csrf = "";

    public WebClient(int port) {
        this(port, new CookieManager());
    }

    /** A client sharing {@code cookies} with others: one browser talking to several replicas (cookies ignore ports). */
    WebClient(int port, CookieManager cookies) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        Matcher m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    /** Posts {@code form} with the CSRF token of the last page fetched. */
    public HttpResponse<String> post(String path, Map<String, String> form) {
        Map<String, String> all = new LinkedHashMap<>(form);
        all.putIfAbsent("_csrf", csrf);
        return postRaw(path, all);
    }

    /** Posts {@code form} as is (no CSRF token added). */
    public HttpResponse<String> postRaw(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** A client of the server on {@code port} signed in as {@code user} with the tests' password ({@code user}-password). */
    public static WebClient signedIn(int port, String user) {
        WebClient client = new WebClient(port);
        HttpResponse<String> r = client.signIn(user, user + "-password");
        org.assertj.core.api.Assertions.assertThat(r.headers().firstValue("Location").orElse(""))
                .as("sign-in of " + user).doesNotContain("error");
        return client;
    }

    /** Signs in; returns the response to the sign-in POST. */
    public HttpResponse<String> signIn(String user, String password) {
        get("/sign-in");
        return post("/sign-in", Map.of("username", user, "password", password));
    }

    /** GETs {@code path} as a stream of lines (for server-sent events), read as they arrive. */
    HttpResponse<java.util.stream.Stream<String>> lines(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String csrf() {
        return csrf;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
