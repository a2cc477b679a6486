package dev.opsbook.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookLoaderTest {
    @TempDir
    Path dir;

    private final RunbookLoader loader = new RunbookLoader(LintPolicy.DEFAULTS);

    static String runbook(String id) {
        return "---\nid: " + id + "\ntitle: T\nservice: s\nowners: [alice]\n---\n# Run\n\n```bash {#a}\necho\n```\n";
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void underStrictDirectoriesYieldOnlyMarkdownFilesWithFrontMatter() throws IOException {
        write("a.md", runbook("a"));
        write("nested/b.md", runbook("b"));
        write("README.md", "# Runbooks\n\nNot a runbook.\n");
        write("notes.txt", runbook("c"));
        write(".hidden/d.md", runbook("d"));
        write("node_modules/e.md", runbook("e"));

        List<ParsedRunbook> parsed = new RunbookLoader(LintPolicy.DEFAULTS.withStrict(true)).load(List.of(dir));

        assertThat(parsed).extracting(p -> p.runbook().orElseThrow().id()).containsExactly("a", "b");
        assertThat(parsed).allSatisfy(p -> assertThat(p.findings()).isEmpty());
    }

    @Test
    void directoriesYieldEveryMarkdownFileAndNameTheSkippedOnes() throws IOException {
        write("a.md", runbook("a"));
        write("nested/b.md", runbook("b"));
        write("README.md", "# Runbooks\n\nNot a runbook.\n");
        write("guide/setup.markdown", "# Setup\n");
        write("docs/intro.mdx", "# Intro\n\n<Tabs/>\n");
        write("notes.txt", runbook("c"));
        write(".hidden/d.md", runbook("d"));
        write("node_modules/e.md", runbook("e"));

        RunbookLoader.Scan scan = loader.scan(List.of(dir));

        assertThat(scan.runbooks()).extracting(p -> p.runbook().orElseThrow().id(), ParsedRunbook::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(dir.getFileName().toString().toLowerCase(), DocumentKind.DOCS_ONLY),
                org.assertj.core.groups.Tuple.tuple("a", DocumentKind.RUNBOOK),
                org.assertj.core.groups.Tuple.tuple("setup", DocumentKind.DOCS_ONLY),
                org.assertj.core.groups.Tuple.tuple("b", DocumentKind.RUNBOOK));
        assertThat(scan.skipped()).singleElement().satisfies(s -> {
            assertThat(s.path()).isEqualTo(dir.resolve("docs/intro.mdx"));
            assertThat(s.reason()).contains("MDX");
        });
        assertThat(scan.runbooks()).flatExtracting(ParsedRunbook::findings).extracting(LintFinding::severity)
                .containsOnly(Severity.INFO);
    }

    @Test
    void idsDerivedFromPathsNeverCollide() throws IOException {
        write("db/README.md", "# Database\n");
        write("cache/README.md", "# Cache\n");
        write("db/restore.md", "# Restore the database\n");
        write("cache/restore.md", "# Restore the cache\n");
        write("hugo/content/db/_index.md", "---\ntitle: Databases\nweight: 1\n---\n");
        write("z/orders.md", "# Orders notes\n");
        write("orders.md", runbook("orders"));

        List<ParsedRunbook> parsed = loader.load(List.of(dir));

        assertThat(parsed).extracting(ParsedRunbook::findings).allSatisfy(f ->
                assertThat(f).extracting(LintFinding::rule).doesNotContain("duplicate-runbook-id"));
        assertThat(parsed).extracting(p -> dir.relativize(Path.of(p.path())).toString(), p -> p.runbook().orElseThrow().id())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("cache/README.md", "cache"),
                        org.assertj.core.groups.Tuple.tuple("cache/restore.md", "restore"),
                        org.assertj.core.groups.Tuple.tuple("db/README.md", "db"),
                        org.assertj.core.groups.Tuple.tuple("db/restore.md", "db-restore"),
                        org.assertj.core.groups.Tuple.tuple("hugo/content/db/_index.md", "content-db"),
                        org.assertj.core.groups.Tuple.tuple("orders.md", "orders"),
                        org.assertj.core.groups.Tuple.tuple("z/orders.md", "z-orders"));
        assertThat(parsed.get(4).runbook().orElseThrow().title()).isEqualTo("Databases");
        assertThat(parsed.get(4).runbook().orElseThrow().service()).isEqualTo("db");
    }

    @Test
    void namedFilesAreAlwaysLinted() throws IOException {
        Path readme = write("README.md", "# Not a runbook\n");

        assertThat(new RunbookLoader(LintPolicy.DEFAULTS.withStrict(true)).load(List.of(readme))).singleElement().satisfies(p ->
                assertThat(p.findings()).extracting(LintFinding::rule).containsExactly("missing-front-matter"));
        assertThat(loader.load(List.of(readme))).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(DocumentKind.DOCS_ONLY);
            assertThat(p.findings()).extracting(LintFinding::rule).containsExactly("docs-only");
        });
    }

    @Test
    void theSameFileNamedTwiceIsLintedOnce() throws IOException {
        Path a = write("a.md", runbook("a"));

        assertThat(loader.load(List.of(a, dir, a))).hasSize(1);
    }

    @Test
    void runbookIdsMustBeUniqueAcrossFiles() throws IOException {
        write("a.md", runbook("same"));
        write("b.md", "\n".repeat(0) + runbook("same"));

        List<ParsedRunbook> parsed = loader.load(List.of(dir));

        assertThat(parsed.get(0).findings()).isEmpty();
        assertThat(parsed.get(1).findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("duplicate-runbook-id");
            assertThat(f.position()).isEqualTo(new SourcePosition(2, 5));
            assertThat(f.message()).contains("a.md");
        });
    }

    @Test
    void aMissingPathIsAUsageErrorNotAFinding() {
        assertThatThrownBy(() -> loader.load(List.of(dir.resolve("nope"))))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    }

    @Test
    void anUnreadableFileIsAFinding() throws IOException {
        Path p = write("locked.md", runbook("x"));
        p.toFile().setReadable(false);
        if (Files.isReadable(p)) {
            return; // running as root: permissions do not apply
        }
        assertThat(loader.load(List.of(p))).singleElement().satisfies(r ->
                assertThat(r.findings()).extracting(LintFinding::rule).containsExactly("unreadable-file"));
    }

    @Test
    void aFileOverTheLimitIsOneFindingAndNotParsed() {
        byte[] big = (runbook("big") + "x".repeat(200)).getBytes(StandardCharsets.UTF_8);
        RunbookLinter linter = new RunbookLinter(LintPolicy.DEFAULTS.withMaxFileBytes(100));

        ParsedRunbook parsed = linter.lint("big.md", big);

        assertThat(parsed.runbook()).isEmpty();
        assertThat(parsed.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("file-too-large");
            assertThat(f.message()).contains("split it");
        });
    }

    @Test
    void theLoaderDoesNotReadFilesOverTheLimit() throws IOException {
        Path big = write("big.md", runbook("big") + "x".repeat(500));
        write("other.md", "not a runbook" + "x".repeat(500));

        List<ParsedRunbook> parsed = new RunbookLoader(LintPolicy.DEFAULTS.withMaxFileBytes(100).withStrict(true)).load(List.of(dir));

        assertThat(parsed).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(big.toString());
            assertThat(p.findings()).extracting(LintFinding::rule).containsExactly("file-too-large");
            assertThat(p.findings().get(0).message()).contains(Files.size(big) + " bytes");
        });
    }

    @Test
    void interpretersCanBeCheckedAgainstPath() {
        String text = runbook("x").replace("```bash {#a}", "```bash {#a interpreter=no-such-interpreter-xyz}");
        RunbookLinter linter = new RunbookLinter(LintPolicy.DEFAULTS.withCheckInterpreters(true));

        ParsedRunbook parsed = linter.lint("x.md", text.getBytes(StandardCharsets.UTF_8));

        assertThat(parsed.findings()).extracting(LintFinding::rule).containsExactly("interpreter-not-found");
        assertThat(RunbookParser.parse("x.md", text.getBytes(StandardCharsets.UTF_8)).findings()).isEmpty();
    }

    @Test
    void theApprovalPolicyCanBeSwitchedOff() {
        String text = runbook("x").replace("{#a}", "{#a kind=restore}");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(RunbookParser.parse("x.md", bytes).findings()).extracting(LintFinding::rule)
                .containsExactly("missing-approvals");
        assertThat(new RunbookLinter(LintPolicy.DEFAULTS.withRequireApprovalsForDestructive(false)).lint("x.md", bytes)
                .findings()).isEmpty();
    }

    @Test
    void linksResolveAgainstTheRunbookDirectoryAndTheRepositoryRoot() throws IOException {
        write("config/app.yaml", "a: 1\n");
        write("runbooks/local.conf", "x\n");
        String text = runbook("x").replace("owners: [alice]\n", "owners: [alice]\nlinks:\n"
                + "  - {path: config/app.yaml}\n  - {path: local.conf}\n  - {path: /config/app.yaml}\n  - {path: gone.yaml}\n");
        Path file = write("runbooks/x.md", text);
        RunbookLinter linter = new RunbookLinter(LintPolicy.DEFAULTS.withRepositoryRoot(dir));

        ParsedRunbook parsed = linter.lint(file.toString(), Files.readAllBytes(file));

        assertThat(parsed.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("link-missing");
            assertThat(f.message()).contains("gone.yaml");
        });
        assertThat(new RunbookLinter(LintPolicy.DEFAULTS.withRepositoryRoot(dir).withCheckLinks(false))
                .lint(file.toString(), Files.readAllBytes(file)).findings()).isEmpty();
    }

    @Test
    void theModelKeepsTheDigestAndTheBody() {
        byte[] bytes = runbook("x").getBytes(StandardCharsets.UTF_8);

        Runbook r = RunbookParser.parse("x.md", bytes).runbook().orElseThrow();

        assertThat(r.sha256()).isEqualTo("%064x".formatted(new java.math.BigInteger(1, sha256(bytes))));
        assertThat(r.body()).startsWith("# Run\n").endsWith("```\n");
        assertThat(r.path()).isEqualTo("x.md");
        assertThat(r.procedure("run")).map(Section::title).contains("Run");
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
