package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code opsbook lint} through picocli, in-process, with captured output. */
class LintCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int lint(String... args) {
        CommandLine cli = new CommandLine(new Opsbook());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.execute(all);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    static final String CLEAN = """
            ---
            id: clean
            title: Clean
            service: demo
            owners: [alice]
            ---
            # Check

            ```bash {#check kind=check timeout=1m}
            echo "$OPSBOOK_RUN_ID"
            ```
            """;

    @Test
    void cleanRunbooksExitZeroAndSaySoOnStderr() throws IOException {
        write("runbooks/clean.md", CLEAN);

        assertThat(lint(dir.resolve("runbooks").toString())).isZero();
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("1 file checked: 1 runnable, 0 docs-only; no errors or warnings");
    }

    @Test
    void findingsArePrintedLikeACompilerSortedByFileAndLine() throws IOException {
        write("b.md", CLEAN.replace("id: clean", "id: b").replace("timeout=1m", "timeout=20x"));
        write("a.md", CLEAN.replace("id: clean", "id: a").replace("owners: [alice]\n", "")
                .replace("kind=check", "kind=restore"));

        int code = lint(dir.toString());

        String a = dir.resolve("a.md").toString();
        String b = dir.resolve("b.md").toString();
        assertThat(code).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly(
                a + ":1:1: warning: nobody owns this runbook: add 'owners:' with a team and people (with their chat handles) [no-owners]",
                a + ":8:22: error: restore step 'check' needs approval: add approvals=1 (or more), or set "
                        + "approval.require_for_destructive: false in the front matter if this runbook is exempt [missing-approvals]",
                b + ":9:36: error: timeout \"20x\" is not a duration: use a number and unit such as 90s, 15m or 1h30m [bad-duration]");
        assertThat(err.toString()).contains("2 files checked: 2 runnable, 0 docs-only; 2 errors, 1 warning in 2 files");
    }

    @Test
    void jsonFormatIsAnArrayOfFindings() throws IOException {
        Path file = write("x.md", CLEAN.replace("timeout=1m", "timeout=\"1 min\""));

        assertThat(lint("--format", "json", file.toString())).isEqualTo(1);

        assertThat(out.toString().strip()).isEqualTo("""
                [
                  {"path": "%s", "line": 9, "column": 36, "severity": "error", "rule": "bad-duration", \
                "message": "timeout \\"1 min\\" is not a duration: use a number and unit such as 90s, 15m or 1h30m"}
                ]""".formatted(FindingsJson.string(file.toString()).replace("\"", "")));
    }

    @Test
    void jsonStringsEscapeQuotesBackslashesAndControlCharacters() {
        assertThat(FindingsJson.string("a\"b\\c\nd\te\u0001")).isEqualTo("\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    }

    @Test
    void jsonFormatOfACleanRunIsAnEmptyArray() throws IOException {
        Path file = write("x.md", CLEAN);

        assertThat(lint("--format", "json", file.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("[]");
    }

    @Test
    void aMissingPathIsAUsageError() {
        assertThat(lint(dir.resolve("nope").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("nope: no such file or directory");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(lint("--frobnicate")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void aBadFormatIsAUsageError() {
        assertThat(lint("--format", "xml", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("xml");
    }

    @Test
    void policyFlagsSwitchRulesOff() throws IOException {
        Path file = write("x.md", CLEAN.replace("kind=check", "kind=restore")
                .replace("owners: [alice]\n", "owners: [alice]\nlinks: [{path: nowhere.conf}]\n"));

        assertThat(lint(file.toString())).isEqualTo(1);
        assertThat(lint("--no-approval-policy", "--no-link-check", file.toString())).isZero();
    }

    @Test
    void withoutPathsItLintsTheRunbooksDirectory() {
        // the bot module has no runbooks/ directory: the default path is reported as missing
        assertThat(lint()).isEqualTo(Files.isDirectory(Path.of("runbooks")) ? lint("runbooks") : 2);
        if (!Files.isDirectory(Path.of("runbooks"))) {
            assertThat(err.toString()).contains("runbooks: no such file or directory");
        }
    }

    static final Path EXAMPLES = Path.of("../examples/adoption").toAbsolutePath().normalize();

    /** A copy of the example collections (Hugo, MkDocs, Docusaurus, Runme) in the test's folder. */
    private Path examples() throws IOException {
        Path copy = dir.resolve("adoption");
        try (var files = Files.walk(EXAMPLES)) {
            for (Path f : files.toList()) {
                Path target = copy.resolve(EXAMPLES.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return copy;
    }

    @Test
    void existingDocumentationFoldersLintWithErrorsOnlyWhereAFileIsReallyBroken() throws IOException {
        Path docs = examples();

        int code = lint(docs.toString());

        assertThat(code).isEqualTo(1);
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).filteredOn(l -> l.contains(": error: ") || l.contains(": warning: "))
                .containsExactly(docs.resolve("hugo/content/databases/replica-lag.md") + ":10:1: error: this code block is "
                        + "never closed: add a line with the same fence (``` or ~~~) after its code [unterminated-fence]");
        assertThat(lines).filteredOn(l -> l.contains(": info: ")).hasSize(14)
                .anySatisfy(l -> assertThat(l).isEqualTo(docs.resolve("hugo/content/cache/flush-sessions.md")
                        + ":1:1: info: docs-only: add id, service and owners to make it runnable (opsbook lint --fix writes them) [docs-only]"))
                .anySatisfy(l -> assertThat(l).startsWith(docs.resolve("runme/README.md") + ":1:1: info: Runme document: "));
        assertThat(err.toString().strip()).isEqualTo("14 files checked: 2 runnable (0 runbooks, 2 Runme documents), "
                + "12 docs-only; 1 skipped (1: MDX (Markdown with JSX components) is not read; rename it to .md if it has no JSX); "
                + "1 error, 0 warnings in 1 file");
        assertThat(out.toString()).doesNotContain("unknown-key", "missing-field", "missing-step-id");
    }

    @Test
    void strictKeepsTheOldRules() throws IOException {
        Path docs = examples();

        assertThat(lint("--strict", docs.resolve("hugo").toString())).isEqualTo(1);

        assertThat(out.toString()).contains("[missing-field]", "unknown key 'weight' in the front matter")
                .doesNotContain("[docs-only]");
        assertThat(lint("--strict", docs.resolve("runme/README.md").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("[missing-front-matter]");
    }

    @Test
    void fixWithDryRunPrintsAUnifiedDiffAndWritesNothing() throws IOException {
        Path docs = examples();
        Path flush = docs.resolve("hugo/content/cache/flush-sessions.md");
        Path readme = docs.resolve("runme/README.md");
        byte[] before = Files.readAllBytes(flush);

        assertThat(lint("--fix", "--dry-run", flush.toString(), readme.toString())).isZero();

        assertThat(Files.readAllBytes(flush)).isEqualTo(before);
        assertThat(out.toString()).isEqualTo("--- " + flush + "\n+++ " + flush + "\n"
                + "@@ -2,6 +2,9 @@\n"
                + " title: Flush the session cache\n weight: 5\n aliases: [/cache/flush/]\n"
                + "+id: flush-sessions\n+service: cache\n+owners: []  # TODO: the team and people who answer for this runbook\n"
                + " ---\n \n Only when sessions are corrupt after a bad deploy.\n"
                + "--- " + readme + "\n+++ " + readme + "\n"
                + "@@ -1,3 +1,9 @@\n+---\n+id: runme\n+title: Local toolbox\n+service: runme\n"
                + "+owners: []  # TODO: the team and people who answer for this runbook\n+---\n"
                + " # Local toolbox\n \n These cells run with Runme in VS Code, and with `runme run NAME` in a terminal.\n");
        assertThat(err.toString()).contains("note: " + readme + " has 3 shell block(s) without attributes "
                + "(echo-toolbox, basename-pwd, echo-hello)");
    }

    @Test
    void fixWritesFrontMatterThatPatchWouldAlsoWriteAndNeverTouchesTheBody() throws Exception {
        Path docs = examples();
        Path restore = docs.resolve("docusaurus/docs/storage/object-store-restore.md");
        Path intro = docs.resolve("mkdocs/docs/index.md");
        String restoreBefore = Files.readString(restore);
        String introBefore = Files.readString(intro);

        assertThat(new CommandLine(new Opsbook()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("adopt", docs.resolve("docusaurus").toString(), intro.toString())).isEqualTo(1);

        String restoreAfter = Files.readString(restore);
        assertThat(restoreAfter).isEqualTo(restoreBefore.replace("custom_edit_url: https://github.com/example/ops-docs/edit/main/docs/storage/object-store-restore.md\n",
                "custom_edit_url: https://github.com/example/ops-docs/edit/main/docs/storage/object-store-restore.md\n"
                        + "service: storage\nowners: []  # TODO: the team and people who answer for this runbook\n"));
        assertThat(Files.readString(intro)).endsWith(introBefore).startsWith("---\nid: docs\ntitle: Queue operations\nservice: docs\n");
        assertThat(err.toString()).contains("wrote front matter into " + restore, "3 files checked: 3 runnable")
                .contains("1 skipped");
        assertThat(out.toString()).contains("[no-owners]").doesNotContain("[docs-only]", "error");
        StringWriter again = new StringWriter();
        assertThat(new CommandLine(new Opsbook()).setOut(new PrintWriter(again)).setErr(new PrintWriter(new StringWriter()))
                .execute("lint", "--fix", "--dry-run", docs.resolve("docusaurus").toString())).isZero();
        assertThat(again.toString()).as("a second fix has nothing left to do").isEmpty();
    }

    @Test
    void dryRunWithoutFixIsAUsageError() {
        assertThat(lint("--dry-run", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--dry-run goes with --fix");
    }
}
