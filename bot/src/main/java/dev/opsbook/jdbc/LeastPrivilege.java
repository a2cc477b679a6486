package dev.opsbook.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The grants of opsbook's application role when the schema belongs to a separate migration role: it may
 * read and write its working tables, only read and append the audit log (no UPDATE, DELETE or TRUNCATE
 * on {@code audit_event}), only move the chain head (UPDATE on {@code audit_chain_head}), and, owning
 * nothing, cannot disable a trigger. Run by the migration role after every migration, so tables that
 * later versions add are covered.
 */
final class LeastPrivilege {
    private LeastPrivilege() {}

    static void grant(Connection owner, String appRole) throws SQLException {
        String role = quote(appRole);
        try (Statement s = owner.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA " + schema(owner) + " TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema(owner) + " TO " + role);
            s.execute("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + schema(owner) + " TO " + role);
            s.execute("REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM " + role);
            s.execute("REVOKE INSERT, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_chain_head FROM " + role);
            s.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON flyway_schema_history FROM " + role);
        }
    }

    private static String schema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT quote_ident(current_schema())")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
