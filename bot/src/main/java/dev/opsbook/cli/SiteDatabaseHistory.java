package dev.opsbook.cli;

import dev.opsbook.site.history.RunHistory;

/**
 * Run history for {@code opsbook site --db URL}. This build has no JDBC audit log yet (it lands with the
 * audit work), so the option reports that clearly instead of pretending; export the audit log with
 * {@code opsbook audit export} and pass it with {@code --history FILE} meanwhile.
 */
final class SiteDatabaseHistory {
    private SiteDatabaseHistory() {}

    static RunHistory read(String url) throws SiteCommand.UsageError {
        throw new SiteCommand.UsageError("--db " + url + ": this build cannot read the audit database yet; "
                + "export the history with `opsbook audit export --out history.jsonl` and use --history history.jsonl");
    }
}
