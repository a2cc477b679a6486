package dev.opsbook.site;

import java.time.Duration;
import java.util.List;

/**
 * What a build did.
 *
 * @param written          site-relative paths of the files (re)written, sorted
 * @param unchanged        pages skipped because their inputs did not change
 * @param removed          files of the previous build deleted because their page is gone
 * @param runbooks         runbooks in the site
 * @param failingLint      runbooks with at least one lint finding (what {@code --strict} fails on)
 * @param elapsed          wall time of the build
 */
public record SiteResult(List<String> written, int unchanged, int removed, int runbooks, int failingLint,
                         Duration elapsed) {
    public SiteResult {
        written = List.copyOf(written);
    }
}
