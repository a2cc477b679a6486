package dev.opsbook.site;

import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.site.history.RunHistory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The inputs of one site build.
 *
 * @param runbooks    every parsed runbook, including those with findings or no model at all
 * @param outDir      where the site goes; holds the incremental manifest between builds
 * @param templates   a folder whose files override the bundled templates and assets of the same name
 * @param history     run history from the audit log; empty means "no history given" (the site says so)
 * @param sources     last-change facts per runbook file (git), {@link SourceHistory#NONE} outside git
 * @param repoUrl     source link pattern with {@code {commit}} and {@code {path}}, e.g.
 *                    {@code https://git.example.com/org/repo/blob/{commit}/{path}}
 * @param baseUrl     where the site is published, for canonical links; empty for relative-only
 * @param clock       "now", for history rules such as a backup older than the RPO
 * @param incremental skip pages whose inputs did not change since the last build into {@code outDir}
 */
public record SiteBuild(
        List<ParsedRunbook> runbooks,
        Path outDir,
        Optional<Path> templates,
        Optional<RunHistory> history,
        SourceHistory sources,
        Optional<String> repoUrl,
        Optional<String> baseUrl,
        Clock clock,
        boolean incremental) {

    public SiteBuild {
        runbooks = List.copyOf(runbooks);
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(sources, "sources");
        Objects.requireNonNull(clock, "clock");
        baseUrl = baseUrl.map(u -> u.endsWith("/") ? u : u + "/");
    }

    /** A build with no templates override, history, git facts or links; incremental. */
    public static SiteBuild of(List<ParsedRunbook> runbooks, Path outDir) {
        return new SiteBuild(runbooks, outDir, Optional.empty(), Optional.empty(), SourceHistory.NONE,
                Optional.empty(), Optional.empty(), Clock.systemUTC(), true);
    }

    public SiteBuild withHistory(RunHistory h) {
        return new SiteBuild(runbooks, outDir, templates, Optional.of(h), sources, repoUrl, baseUrl, clock, incremental);
    }

    public SiteBuild withRunbooks(List<ParsedRunbook> rbs) {
        return new SiteBuild(rbs, outDir, templates, history, sources, repoUrl, baseUrl, clock, incremental);
    }
}
