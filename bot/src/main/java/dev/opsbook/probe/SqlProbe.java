package dev.opsbook.probe;

import dev.opsbook.failover.ProbeResult;
import dev.opsbook.execution.SecretProvider;
import dev.opsbook.runbook.ProbeSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * Runs the query on a fresh JDBC connection (login and query timeouts from the probe's timeout).
 * The URL comes from the runbook or from the named secret; error details never include it.
 */
final class SqlProbe implements Probe {
    private final ProbeSpec.Sql spec;
    private final SecretProvider secrets;

    SqlProbe(ProbeSpec.Sql spec, SecretProvider secrets) {
        this.spec = spec;
        this.secrets = secrets;
    }

    @Override
    public ProbeSpec spec() {
        return spec;
    }

    @Override
    public ProbeResult check() {
        long start = System.nanoTime();
        Optional<String> url = spec.secret().isEmpty() ? Optional.of(spec.url()) : secrets.find(spec.secret());
        if (url.isEmpty()) {
            return ProbeResult.failed(spec.name(), "sql", Duration.ZERO, "secret " + spec.secret() + " not found: set OPSBOOK_SECRET_"
                    + SecretProvider.envName(spec.secret()) + " to the JDBC URL");
        }
        int seconds = (int) Math.max(1, (spec.timeout().toMillis() + 999) / 1000);
        Properties props = new Properties();
        props.setProperty("loginTimeout", Integer.toString(seconds));
        props.setProperty("connectTimeout", Integer.toString(seconds));
        props.setProperty("socketTimeout", Integer.toString(seconds + 1));
        try (Connection c = DriverManager.getConnection(url.get(), props); Statement s = c.createStatement()) {
            s.setQueryTimeout(seconds);
            try (ResultSet rs = s.executeQuery(spec.query())) {
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                String first = rs.next() ? String.valueOf(rs.getString(1)) : null;
                if (!spec.expect().isEmpty() && !spec.expect().equals(first)) {
                    return ProbeResult.failed(spec.name(), "sql", took, "query returned " + (first == null ? "no row" : "'" + first + "'")
                            + ", expected '" + spec.expect() + "'");
                }
                return ProbeResult.healthy(spec.name(), "sql", took, first == null ? "no row" : "returned '" + first + "'");
            }
        } catch (SQLException e) {
            return ProbeResult.failed(spec.name(), "sql", Duration.ofNanos(System.nanoTime() - start),
                    "SQL state " + e.getSQLState() + ": " + Probes.firstLine(e.getMessage()));
        }
    }
}
