package dev.opsbook.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.io.EOFException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Telling "the database stopped answering" from "the database refused this statement", and naming the database. */
public final class Outages {
    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^/?]+)");

    private Outages() {}

    /** Connection refused, broken, reset or timed out; the server shutting down (SQLSTATE 08…, 57P0…). */
    public static boolean isOutage(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException || c instanceof SocketException || c instanceof EOFException
                    || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Map<DataSource, Long> DOWN = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private static final long FAIL_FAST_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

    /**
     * Notes that {@code dataSource}'s database stopped answering. For the next 5 s the writers that can wait
     * (shared output lines) give up at once instead of waiting 5 s per connection, so the one message the
     * operator needs is not delayed; after that they try again.
     */
    static void markDown(DataSource dataSource) {
        DOWN.put(dataSource, System.nanoTime());
    }

    /** Whether an outage of {@code dataSource}'s database was seen in the last 5 s. */
    public static boolean recentlyDown(DataSource dataSource) {
        Long at = DOWN.get(dataSource);
        return at != null && System.nanoTime() - at < FAIL_FAST_NANOS;
    }

    /** {@code PostgreSQL at HOST:PORT}, from the pool's URL. */
    public static String describe(DataSource dataSource) {
        String url = dataSource instanceof HikariDataSource h ? h.getJdbcUrl()
                : dataSource instanceof org.postgresql.ds.common.BaseDataSource pg ? pg.getURL() : null;
        if (url != null) {
            Matcher m = HOST_PORT.matcher(url);
            if (m.find()) {
                return "PostgreSQL at " + m.group(1);
            }
        }
        return "PostgreSQL";
    }
}
