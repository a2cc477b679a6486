package dev.opsbook.runbook;

import java.time.Duration;

/**
 * One health probe of a {@link FailoverPolicy}, as declared; which key names its target decides
 * the kind. Every probe has a name unique in its runbook and a timeout (default: the policy's
 * {@code retry_timeout}).
 */
public sealed interface ProbeSpec {
    String name();

    Duration timeout();

    SourcePosition position();

    /** The kind as written in the runbook and used as the {@code kind} metric tag. */
    default String kind() {
        return switch (this) {
            case Http h -> "http";
            case Tcp t -> "tcp";
            case Sql s -> "sql";
            case Command c -> "command";
            case Prometheus p -> "prometheus";
        };
    }

    /** Healthy when GET {@code url} answers {@code status} within {@code maxLatency}. */
    record Http(String name, String url, int status, Duration maxLatency, Duration timeout, SourcePosition position)
            implements ProbeSpec {}

    /** Healthy when a TCP connection to {@code host:port} opens. */
    record Tcp(String name, String host, int port, Duration timeout, SourcePosition position) implements ProbeSpec {}

    /**
     * Healthy when {@code query} runs on the database at {@code url} (or at the JDBC URL held by
     * secret {@code secret}, which may carry credentials) and, when {@code expect} is not empty, the
     * first column of the first row equals it.
     */
    record Sql(String name, String url, String secret, String query, String expect, Duration timeout, SourcePosition position)
            implements ProbeSpec {}

    /** Healthy when {@code command} (run with bash, like steps) exits 0 within the timeout. */
    record Command(String name, String command, Duration timeout, SourcePosition position) implements ProbeSpec {}

    /**
     * Healthy when the instant query {@code query} on the Prometheus at {@code baseUrl} returns at
     * least one series and every value is at most {@code max} (a queue length or an error rate).
     */
    record Prometheus(String name, String baseUrl, String query, double max, Duration timeout, SourcePosition position)
            implements ProbeSpec {}
}
