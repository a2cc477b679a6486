package dev.opsbook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(err.toString()).contains("1 runbook checked, no findings");
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
        assertThat(err.toString()).contains("2 runbooks checked: 2 errors, 1 warning in 2 files");
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
}
