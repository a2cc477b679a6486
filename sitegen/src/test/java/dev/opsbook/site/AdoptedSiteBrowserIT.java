package dev.opsbook.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.RunbookLoader;
import dev.opsbook.testing.BrowserTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Builds the site of the example collections (examples/adoption: Hugo, MkDocs, Docusaurus, Runme) and drives it in
 * headless Chromium ({@code browser-tests/adoption-check.mjs}): search finds documents of every style, and the
 * page with a very long title and path fits a phone. Screenshots in {@code sitegen/target/screenshots}.
 */
class AdoptedSiteBrowserIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = REPO.resolve("browser-tests/adoption-check.mjs");

    @Test
    void searchFindsExistingMarkdownOfEveryStyle() throws Exception {
        BrowserTools.require(REPO, SCRIPT);
        Path site = Path.of("target/adopted-site").toAbsolutePath();
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        new SiteGenerator().build(SiteBuild.of(new RunbookLoader(LintPolicy.DEFAULTS)
                .load(List.of(REPO.resolve("examples/adoption"))), site));

        Process p = new ProcessBuilder("node", SCRIPT.toString(), site.toString(), shots.toString(),
                "runbooks/rotate-the-edge-proxy-certificates-in-every-region-before-they-expire-at-the-end.html",
                "tombstone=Restore the primary database from last night's dump",
                "dead letters=Replay dead letters",
                "delete markers=Restore a deleted bucket prefix",
                "toolbox=Local toolbox",
                "streaming replication=Databases",
                "network=Replica lag above 30 seconds")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser check did not finish in 3 minutes:\n" + output);
        }
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true").doesNotContain("FAIL");
        assertThat(shots.resolve("adopted-search.png")).isNotEmptyFile();
        assertThat(shots.resolve("adopted-long-title-mobile.png")).isNotEmptyFile();
    }
}
