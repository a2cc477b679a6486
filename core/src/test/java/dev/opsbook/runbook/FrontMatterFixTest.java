package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrontMatterFixTest {
    @TempDir
    Path dir;

    private FrontMatterFix fix(String relative, String text) throws Exception {
        Path p = dir.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        ParsedRunbook parsed = new RunbookLoader(LintPolicy.DEFAULTS).load(List.of(p)).getFirst();
        return FrontMatterFix.of(parsed, Files.readAllBytes(p));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReadmeWithoutFrontMatterGetsTheMinimalOneAndItsBodyStaysAsItWas() throws Exception {
        String body = "Intro line.\n\n# Payments: restore & verify\n\n```sh\n$ make restore\n```\n";
        FrontMatterFix f = fix("payments/README.md", body);

        String fixed = new String(f.apply(utf8(body)), StandardCharsets.UTF_8);

        assertThat(fixed).isEqualTo("""
                ---
                id: payments
                title: "Payments: restore & verify"
                service: payments
                owners: []  # TODO: the team and people who answer for this runbook
                ---
                """ + body);
        ParsedRunbook again = RunbookParser.parse(dir.resolve("payments/README.md").toString(), utf8(fixed));
        assertThat(again.kind()).isEqualTo(DocumentKind.RUNBOOK);
        assertThat(again.runbook().orElseThrow().id()).isEqualTo("payments");
        assertThat(again.runbook().orElseThrow().title()).isEqualTo("Payments: restore & verify");
        assertThat(again.findings()).extracting(LintFinding::rule).containsExactly("no-owners");
        assertThat(f.unifiedDiff(utf8(body))).startsWith("--- " + dir.resolve("payments/README.md") + "\n+++ " + dir.resolve("payments/README.md") + "\n")
                .contains("@@ -1,3 +1,9 @@\n+---\n+id: payments\n", "+---\n Intro line.\n \n # Payments: restore & verify\n");
    }

    @Test
    void hugoFrontMatterGetsOnlyTheMissingKeysBeforeItsClosingLine() throws Exception {
        String text = "---\ntitle: Restore the cache\nweight: 20\naliases: [/cache/restore/]\ndraft: true\n---\nBody.\n";
        FrontMatterFix f = fix("content/cache/restore.md", text);

        assertThat(new String(f.apply(utf8(text)), StandardCharsets.UTF_8)).isEqualTo("---\ntitle: Restore the cache\n"
                + "weight: 20\naliases: [/cache/restore/]\ndraft: true\nid: restore\nservice: cache\n"
                + "owners: []  # TODO: the team and people who answer for this runbook\n---\nBody.\n");
        assertThat(f.unifiedDiff(utf8(text))).contains("@@ -3,5 +3,8 @@\n weight: 20\n aliases: [/cache/restore/]\n"
                + " draft: true\n+id: restore\n+service: cache\n+owners: []");
    }

    @Test
    void aCompleteRunbookIsLeftAlone() throws Exception {
        String text = "---\nid: a\ntitle: A\nservice: s\nowners: [alice]\n---\n# A\n";
        FrontMatterFix f = fix("a.md", text);
        assertThat(f.changes()).isFalse();
        assertThat(f.apply(utf8(text))).isEqualTo(utf8(text));
        assertThat(f.unifiedDiff(utf8(text))).isEmpty();
    }

    @Test
    void brokenFrontMatterIsRefusedNotRewritten() throws Exception {
        assertThat(fix("x.md", "---\ntitle: [unclosed\n---\n").refusal()).hasValueSatisfying(r -> assertThat(r).contains("YAML"));
        assertThat(fix("y.md", "---\ntitle: x\n\n# no end\n").refusal()).hasValueSatisfying(r -> assertThat(r).contains("never closed"));
    }

    @Test
    void aFlowMappingFrontMatterIsLeftAlone() throws Exception {
        assertThat(fix("z.md", "---\n{title: x, weight: 2}\n---\n# Z\n").refusal())
                .hasValueSatisfying(r -> assertThat(r).contains("flow mapping"));
    }

    @Test
    void theUnifiedDiffAppliesWithPatch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/patch")), "patch is not installed");
        String text = "---\ntitle: Restore the cache\nweight: 20\n---\nBody line 1.\nBody line 2.\n";
        FrontMatterFix f = fix("content/cache/restore.md", text);
        Path file = dir.resolve("content/cache/restore.md");
        Process p = new ProcessBuilder("patch", "-p0", "--silent", "-d", "/").redirectErrorStream(true).start();
        p.getOutputStream().write(utf8(f.unifiedDiff(utf8(text))));
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(f.apply(utf8(text)));
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsAreKept() throws Exception {
        String text = "\uFEFF# Title\r\n\r\ntext\r\n";
        FrontMatterFix f = fix("ops/notes.md", text);
        String fixed = new String(f.apply(utf8(text)), StandardCharsets.UTF_8);
        assertThat(fixed).startsWith("\uFEFF---\r\nid: notes\r\ntitle: Title\r\nservice: ops\r\n").endsWith("---\r\n# Title\r\n\r\ntext\r\n");
    }
}
