package dev.opsbook.runbook;

import dev.opsbook.runbook.internal.RunbookReader;

/**
 * Reads one runbook file into the model. The front matter is YAML between {@code ---} lines;
 * steps are fenced code blocks with attributes; headings group steps into procedures (see
 * docs/runbook-format.md).
 *
 * <p>Contract: {@link #parse} never throws, whatever the bytes. Every problem, from invalid UTF-8
 * to a cycle in {@code requires}, is a {@link LintFinding} with the line and column it concerns;
 * the result carries every rule of {@link RunbookLinter} under {@link LintPolicy#DEFAULTS}.
 * Callers that execute or publish a runbook should refuse one with {@link ParsedRunbook#hasErrors()}.
 */
public final class RunbookParser {
    private RunbookParser() {}

    /**
     * @param path the file as the user named it (used in findings and to resolve {@code links})
     * @param content the file's bytes, expected to be UTF-8
     */
    public static ParsedRunbook parse(String path, byte[] content) {
        return RunbookReader.read(path, content, LintPolicy.DEFAULTS).parsed();
    }

    /**
     * Starts loading the parser's classes (Flexmark, snakeyaml-engine, the rules) on a daemon
     * thread, so that a command line tool can overlap that cost with its own start-up. Optional:
     * parsing works the same without it.
     */
    public static void preload() {
        Thread t = new Thread(() -> parse("preload.md", PRELOAD), "opsbook-parser-preload");
        t.setDaemon(true);
        t.start();
    }

    private static final byte[] PRELOAD = """
            ---
            id: preload
            title: Preload
            service: preload
            owners: {team: t, people: [{id: a, slack: U1}]}
            rto: 1m
            data_sources: [{name: d, type: cache, backup: 1h, retention: 1d, encryption: {at_rest: none}}]
            parameters: [{name: p, type: string, default: x}]
            schedules: [{cron: "0 0 1 * * ?", run: s}]
            ---
            # Preload

            ```bash {#s kind=check timeout=1m}
            echo "$P $OPSBOOK_RUN_ID"
            ```
            """.getBytes(java.nio.charset.StandardCharsets.UTF_8);
}
