package dev.opsbook.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbook.failover.ProbeResult;
import dev.opsbook.runbook.ProbeSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An instant query through Prometheus' HTTP API ({@code GET /api/v1/query?query=...}): healthy when
 * it succeeds, returns at least one series (or a scalar) and every value is at most {@code max}.
 * No data counts as unhealthy: a probe that cannot see the service cannot vouch for it.
 */
final class PrometheusProbe implements Probe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProbeSpec.Prometheus spec;
    private final HttpClient client;

    PrometheusProbe(ProbeSpec.Prometheus spec, HttpClient client) {
        this.spec = spec;
        this.client = client;
    }

    @Override
    public ProbeSpec spec() {
        return spec;
    }

    @Override
    public ProbeResult check() {
        long start = System.nanoTime();
        try {
            String base = spec.baseUrl().endsWith("/") ? spec.baseUrl().substring(0, spec.baseUrl().length() - 1) : spec.baseUrl();
            URI uri = URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(spec.query(), StandardCharsets.UTF_8));
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(spec.timeout()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                return fail(took, "Prometheus answered HTTP " + response.statusCode() + ": "
                        + body.path("error").asText(body.path("status").asText("not JSON")));
            }
            JsonNode data = body.path("data");
            double worst = Double.NEGATIVE_INFINITY;
            int series = 0;
            if ("scalar".equals(data.path("resultType").asText())) {
                worst = value(data.path("result"));
                series = 1;
            } else {
                for (JsonNode s : data.path("result")) {
                    worst = Math.max(worst, value(s.path("value")));
                    series++;
                }
            }
            if (series == 0) {
                return fail(took, "the query returned no series");
            }
            String shown = format(worst);
            return worst <= spec.max() ? ProbeResult.healthy(spec.name(), "prometheus", took, "value " + shown)
                    : fail(took, "value " + shown + " above max " + format(spec.max()));
        } catch (IOException | IllegalArgumentException e) {
            return fail(Duration.ofNanos(System.nanoTime() - start), Probes.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
    }

    /** A Prometheus sample [timestamp, "value"]; NaN counts as failing. */
    private static double value(JsonNode pair) {
        double v = Double.parseDouble(pair.path(1).asText("NaN"));
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private ProbeResult fail(Duration took, String why) {
        return ProbeResult.failed(spec.name(), "prometheus", took, why);
    }
}
