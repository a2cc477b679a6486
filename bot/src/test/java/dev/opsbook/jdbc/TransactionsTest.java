package dev.opsbook.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A statement that fails because the database went away leaves a broken connection: the pool then answers
 * rollback and setAutoCommit with "Connection is closed" (no SQLSTATE). What is thrown must still be the first
 * failure, so that an outage reads as one ({@link Outages#isOutage}).
 */
class TransactionsTest {
    final List<String> calls = new ArrayList<>();

    @Test
    void theFailureThatBrokeTheConnectionIsThrownNotThePoolsConnectionIsClosed() {
        SQLException ioError = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        DatabaseUnavailableException thrown = catchThrowableOfType(DatabaseUnavailableException.class,
                () -> Transactions.run(dataSource(brokenAfterFirstUse()), "update the approval of step s2", c -> {
                    c.setAutoCommit(false); // the pool's connection answers this one
                    throw ioError;
                }));

        assertThat(thrown.getCause()).isSameAs(ioError);
        assertThat(thrown.getMessage()).isEqualTo("cannot update the approval of step s2: " + ioError.getMessage());
        assertThat(thrown.getCause().getSuppressed()).extracting(Throwable::getMessage).containsExactly("Connection is closed");
        assertThat(Outages.isOutage(thrown)).isTrue();
        assertThat(calls).contains("rollback", "close");
    }

    /** Like a pooled connection: works until the first failure, then every call throws "Connection is closed". */
    private Connection brokenAfterFirstUse() {
        int[] used = {0};
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    if (used[0]++ < 2) { // setAutoCommit(false) by run, then by the work
                        return null;
                    }
                    throw new SQLException("Connection is closed");
                });
    }

    private static DataSource dataSource(Connection c) {
        return (DataSource) Proxy.newProxyInstance(TransactionsTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return c;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
