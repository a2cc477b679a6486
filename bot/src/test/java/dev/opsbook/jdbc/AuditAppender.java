package dev.opsbook.jdbc;

import java.time.Clock;

/** A separate process that appends audit events: {@code AuditAppender URL USER PASSWORD COUNT LABEL}. */
public final class AuditAppender {
    private AuditAppender() {}

    public static void main(String[] args) {
        try (Database db = Database.open(DatabaseSettings.external(args[0], args[1], args[2]));
             JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                log.append(JdbcAuditLogIT.event(args[4] + "-" + i, "succeeded"));
            }
        }
        System.out.println("appended");
    }
}
