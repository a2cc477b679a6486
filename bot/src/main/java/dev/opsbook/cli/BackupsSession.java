package dev.opsbook.cli;

import dev.opsbook.audit.Actor;
import dev.opsbook.audit.AuditWriteException;
import java.io.PrintWriter;
import java.util.Map;

/**
 * How every {@code opsbook backups} command ends: one {@code error: …} line on stderr for anything expected, and the
 * exit codes of docs/backups.md#commands. 0 done; 1 a problem with a backup (a file not deleted or refused, a backup
 * missing or changed); 2 an invalid command line (also: nobody to act as, no runbook directory); 3 the database or
 * the audit log unavailable, or the audit log refused a record (what it was about was not done); 4 a retention that
 * cannot be read (prune) or no such backup (lock, unlock).
 */
final class BackupsSession {
    static final int PROBLEM = 1;
    static final int USAGE = 2;
    static final int UNAVAILABLE = 3;
    static final int REFUSED = 4;

    private BackupsSession() {}

    /** A mistake on the command line found after parsing: printed, exit {@value #USAGE}. */
    static final class Usage extends Exception {
        Usage(String message) {
            super(message, null, false, false);
        }
    }

    /** Who acts: {@code --as USER}, else {@code $USER}. @throws Usage when neither is set */
    static Actor actor(String as, Map<String, String> env) throws Usage {
        try {
            return Identity.of(as, env);
        } catch (RunCommand.Refusal e) {
            throw new Usage(e.getMessage());
        }
    }

    /** What a command checks before it opens the database, then does with it. */
    @FunctionalInterface
    interface Checks {
        RunEngine.Session check() throws Usage;
    }

    static int run(Map<String, String> env, PrintWriter out, PrintWriter err, Checks checks) {
        RunEngine.Session body;
        try {
            body = checks.check();
        } catch (Usage e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return USAGE;
        }
        try {
            return RunEngine.session(env, out, err, body);
        } catch (AuditWriteException e) {
            err.println("error: " + firstLine(e.getMessage()));
            err.flush();
            return UNAVAILABLE;
        }
    }

    static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("").strip();
    }
}
