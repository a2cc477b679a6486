package dev.opsbook.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbookLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site built from the example collections in Hugo, MkDocs, Docusaurus and Runme style (examples/adoption). */
class AdoptedSiteTest {
    static final Path EXAMPLES = Path.of("../examples/adoption").toAbsolutePath().normalize();

    @TempDir
    Path out;
    SiteResult result;

    @BeforeEach
    void build() throws IOException {
        List<ParsedRunbook> docs = new RunbookLoader(LintPolicy.DEFAULTS).load(List.of(EXAMPLES));
        result = new SiteGenerator().build(SiteBuild.of(docs, out));
    }

    private String page(String name) throws IOException {
        return Files.readString(out.resolve("runbooks/" + name + ".html"));
    }

    @Test
    void everyMarkdownFileIsAPageWithItsWholeBodyAndATitleThatIsNeverAPath() throws IOException {
        assertThat(result.runbooks()).isEqualTo(14);
        assertThat(result.failingLint()).isEqualTo(1);
        try (Stream<Path> pages = Files.list(out.resolve("runbooks"))) {
            for (Path p : pages.toList()) {
                String html = Files.readString(p);
                Matcher h1 = Pattern.compile("<h1>(.*?)</h1>").matcher(html);
                assertThat(h1.find()).as(p.toString()).isTrue();
                assertThat(h1.group(1)).as(p + " title").doesNotContain("/", ".md").isNotBlank();
                assertThat(html).as(p.toString()).doesNotContain("could not be read").contains("<div class=\"md\">");
            }
        }
        String restore = page("restore-primary");
        assertThat(restore).contains("<h1>Restore the primary database from last night&#39;s dump</h1>",
                "Not a runbook yet", "--step pgrestore-clean", "<span class=\"status docs\">Docs only</span>", "service <strong>databases</strong>",
                "Tell #incidents before you start.", "adm-block adm-warning", "pg_restore --clean --if-exists --dbname orders",
                "<h2 id=\"verify\"").doesNotContain("Living status", "RTO", "{{&lt; hint");
        assertThat(page("databases")).contains("<h1>Databases</h1>", "Docs-only page", "opsbook adopt ", "streaming replication");
        assertThat(page("flush-sessions")).contains("service <strong>cache</strong>", "redis-cli -h sessions.internal FLUSHDB");
    }

    @Test
    void aDocumentWithLintErrorsShowsItsFindingsAboveItsBody() throws IOException {
        String broken = page("replica-lag");
        assertThat(broken).contains("<span class=\"status not-ready\">", "[unterminated-fence]", "check the network first");
        assertThat(broken.indexOf("id=\"findings\"")).isLessThan(broken.indexOf("check the network first"));
        assertThat(broken.indexOf("<div class=\"md\">")).isGreaterThan(broken.indexOf("id=\"findings\""));
    }

    @Test
    void mkdocsAdmonitionsAndTabsAndDocusaurusAdmonitionsRenderAsBoxesAndLabelledCode() throws IOException {
        String mkdocs = page("replay-dead-letters");
        assertThat(mkdocs).contains("adm-block adm-note", "Before you start", "adm-block adm-warning",
                "Replaying twice charges customers twice", "<strong>rabbitmqadmin</strong>",
                "<code class=\"language-bash\">rabbitmqadmin get queue=orders.dlq count=10", "<strong>Management UI</strong>")
                .doesNotContain("!!! note", "=== &quot;");
        String docusaurus = page("object-store-restore");
        assertThat(docusaurus).contains("<h1>Restore a deleted bucket prefix</h1>", "adm-block adm-warning",
                "Restore into a scratch prefix first").doesNotContain(":::caution");
    }

    @Test
    void runmeDocumentsListTheirCellsWithTheCommandThatRunsThem() throws IOException {
        String runme = page("runme");
        assertThat(runme).contains("<h1>Local toolbox</h1>", "Runme document",
                "opsbook run " + EXAMPLES.resolve("runme/README.md") + " --step echo-toolbox",
                "--step slow-cleanup</code> <span class=\"chip\">not in run-all</span>", "--step echo-hello-2");
    }

    @Test
    void theHomePageGroupsDocumentsByFolderAndSearchIndexesThem() throws IOException {
        String home = Files.readString(out.resolve("index.html"));
        assertThat(home).contains("Documents, not yet runbooks", "<h3>databases <span class=\"count\">3</span></h3>",
                "<h3>cache <span class=\"count\">2</span></h3>", "<h3>runme <span class=\"count\">1</span></h3>",
                "<h3>storage <span class=\"count\">1</span></h3>")
                .contains("<div class=\"stat not-ready\"><span class=\"num\">0</span>");
        assertThat(Files.readString(out.resolve("search/text/restore-primary.js"))).contains("tombstone");
        assertThat(Files.readString(out.resolve("search/text/replay-dead-letters.js"))).contains("payment service rejects them");
    }
}
