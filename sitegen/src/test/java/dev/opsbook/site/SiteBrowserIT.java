package dev.opsbook.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.opsbook.site.history.RunHistory;
import dev.opsbook.testing.BrowserTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Builds a site and drives it in headless Chromium ({@code browser-tests/site-check.mjs}): search from
 * the search box and from {@code search.html?q=}, no network requests, no script errors, screenshots in
 * {@code sitegen/target/screenshots}. Skips when node, its modules or Chromium are missing, except
 * under CI ({@code CI=true}), where that fails.
 */
class SiteBrowserIT {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Path SCRIPT = REPO.resolve("browser-tests/site-check.mjs");

    @Test
    void searchFindsTheRunbookInARealBrowser() throws Exception {
        BrowserTools.require(REPO, SCRIPT);
        Path site = Path.of("target/browser-site").toAbsolutePath();
        Path shots = Path.of("target/screenshots").toAbsolutePath();
        SiteResult result = new SiteGenerator().build(new SiteBuild(SampleRunbooks.all(), site, Optional.empty(),
                Optional.of(RunHistory.of(SampleRunbooks.history())), SourceHistory.NONE, Optional.empty(), Optional.empty(),
                Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC), false));
        assertThat(result.written()).contains("search/shard-0.js");

        Process p = new ProcessBuilder("node", SCRIPT.toString(), site.toString(), shots.toString(), "row counts",
                "Orders database: backup and restore").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser check did not finish in 3 minutes:\n" + output);
        }
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("\"ok\":true").doesNotContain("FAIL");
        assertThat(shots.resolve("search.png")).isNotEmptyFile();
        assertThat(shots.resolve("runbook.png")).isNotEmptyFile();
        assertThat(shots.resolve("graph.png")).isNotEmptyFile();
    }
}
