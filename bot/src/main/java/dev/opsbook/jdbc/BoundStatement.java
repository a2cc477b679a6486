package dev.opsbook.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One SQL statement with its parameter values, run on its own or inside an audit append's pipeline ({@link
 * ChainAppend#insertAfter}), where it shares the append's transaction and round trip. {@code expectedRows} is the
 * update count it must have (-1: any), {@code otherwise} what a
 * different count means; a pipeline commits before counts are known, so only statements without an
 * expectation go into one.
 */
record BoundStatement(String sql, List<Object> args, int expectedRows, String otherwise) {
    /** A NULL parameter of {@code sqlType} ({@link java.sql.Types}). */
    record Null(int sqlType) {}

    BoundStatement {
        args = java.util.Collections.unmodifiableList(new ArrayList<>(args)); // NULLs are Null values, never null
    }

    static BoundStatement of(String sql, Object... args) {
        return new BoundStatement(sql, Arrays.asList(args), -1, "");
    }

    /** The same statement, failing its transaction with {@code otherwise} unless exactly {@code rows} change. */
    BoundStatement expecting(int rows, String otherwise) {
        return new BoundStatement(sql, args, rows, otherwise);
    }

    /** Sets the values as parameters {@code offset + 1 …}; returns the offset after them. */
    int bind(PreparedStatement ps, int offset) throws SQLException {
        int i = offset;
        for (Object arg : args) {
            i++;
            switch (arg) {
                case String s -> ps.setString(i, s);
                case Integer n -> ps.setInt(i, n);
                case Long n -> ps.setLong(i, n);
                case Timestamp t -> ps.setTimestamp(i, t);
                case Null n -> ps.setNull(i, n.sqlType());
                default -> throw new IllegalArgumentException("unsupported parameter type " + arg.getClass().getName());
            }
        }
        return i;
    }

    /**
     * Runs {@code statements} in order on {@code c}, in the caller's transaction; neighbours with the same SQL and no
     * expected count go as one JDBC batch (one round trip).
     */
    static void executeAll(Connection c, List<BoundStatement> statements) throws SQLException {
        for (int from = 0; from < statements.size(); ) {
            BoundStatement first = statements.get(from);
            int to = from + 1;
            while (first.expectedRows < 0 && to < statements.size() && statements.get(to).expectedRows < 0
                    && statements.get(to).sql.equals(first.sql)) {
                to++;
            }
            if (to - from == 1) {
                first.execute(c);
            } else {
                try (PreparedStatement ps = c.prepareStatement(first.sql)) {
                    for (BoundStatement s : statements.subList(from, to)) {
                        s.bind(ps, 0);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            from = to;
        }
    }

    /** Runs it on {@code c} in the caller's transaction, checking the update count when one is expected. */
    void execute(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, 0);
            int rows = ps.executeUpdate();
            if (expectedRows >= 0 && rows != expectedRows) {
                throw new SQLException(otherwise);
            }
        }
    }
}
