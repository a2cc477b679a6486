package dev.opsbook.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Runs work in one transaction, committing on success, rolling back on failure. */
final class Transactions {
    private Transactions() {}

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    static <T> T run(DataSource dataSource, String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseUnavailableException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
