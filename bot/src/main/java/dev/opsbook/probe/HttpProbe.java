package dev.opsbook.probe;

import dev.opsbook.failover.ProbeResult;
import dev.opsbook.runbook.Durations;
import dev.opsbook.runbook.ProbeSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** GET the URL: healthy when the status is the expected one and the answer came within {@code max_latency}. */
final class HttpProbe implements Probe {
    private final ProbeSpec.Http spec;
    private final HttpClient client;

    HttpProbe(ProbeSpec.Http spec, HttpClient client) {
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
            HttpRequest request = HttpRequest.newBuilder(URI.create(spec.url())).timeout(spec.timeout()).GET().build();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (response.statusCode() != spec.status()) {
                return ProbeResult.failed(spec.name(), "http", took, "HTTP " + response.statusCode() + " (expected " + spec.status() + ")");
            }
            if (took.compareTo(spec.maxLatency()) > 0) {
                return ProbeResult.failed(spec.name(), "http", took, "answered in " + took.toMillis() + " ms, more than "
                        + Durations.format(spec.maxLatency()));
            }
            return ProbeResult.healthy(spec.name(), "http", took, "HTTP " + response.statusCode());
        } catch (HttpTimeoutException e) {
            return ProbeResult.failed(spec.name(), "http", Duration.ofNanos(System.nanoTime() - start),
                    "no answer within " + Durations.format(spec.timeout()));
        } catch (IOException | IllegalArgumentException e) {
            return ProbeResult.failed(spec.name(), "http", Duration.ofNanos(System.nanoTime() - start), Probes.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed(spec.name(), "http", Duration.ofNanos(System.nanoTime() - start), "interrupted");
        }
    }
}
