package dev.opsbook.jdbc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Clock;

/**
 * A separate process that appends audit events: {@code AuditAppender URL USER PASSWORD COUNT LABEL}.
 * It prints {@code ready} once connected and starts appending when a line arrives on standard input,
 * so that the test can start several of them at the same moment.
 */
public final class AuditAppender {
    private AuditAppender() {}

    public static void main(String[] args) throws IOException {
        try (Database db = Database.open(DatabaseSettings.external(args[0], args[1], args[2]));
             JdbcAuditLog log = new JdbcAuditLog(db.dataSource(), Clock.systemUTC())) {
            System.out.println("ready");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            int count = Integer.parseInt(args[3]);
            for (int i = 0; i < count; i++) {
                log.append(JdbcAuditLogIT.event(args[4] + "-" + i, "succeeded"));
            }
        }
        System.out.println("appended");
    }
}
