package dev.opsbook.cli;

import dev.opsbook.runbook.LintPolicy;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.RunbookLoader;
import dev.opsbook.site.GitSourceHistory;
import dev.opsbook.site.SiteBuild;
import dev.opsbook.site.SiteGenerator;
import dev.opsbook.site.SiteResult;
import dev.opsbook.site.history.HistoryFile;
import dev.opsbook.site.history.RunHistory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code opsbook site [RUNBOOK_DIR] --out DIR}: renders the static runbook site (see docs/site.md). Runbooks with lint
 * findings still get pages showing their findings; only {@code --strict} turns findings into exit 1.
 * No Spring context is started.
 */
@Command(name = "site", mixinStandardHelpOptions = true,
        description = {"Render the runbooks as a static, searchable site that works offline (open DIR/index.html).",
                "Only pages whose inputs changed since the last build into DIR are rewritten."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:site built", "1:--strict and some runbook has lint findings", "2:usage or input error",
                "3:--db: the database cannot be reached or read"})
public final class SiteCommand implements Callable<Integer> {
    static final int USAGE_ERROR = 2;
    static final int DATABASE_ERROR = 3;

    @Parameters(paramLabel = "RUNBOOK_DIR", arity = "0..1", description = "Folder of runbooks (default: runbooks).")
    Path dir = Path.of("runbooks");

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("site");

    @Option(names = "--templates", paramLabel = "DIR", description = "Folder of templates/assets overriding the bundled ones by file name.")
    Path templates;

    @ArgGroup(exclusive = true)
    HistorySource history;

    static final class HistorySource {
        @Option(names = "--history", paramLabel = "FILE", description = "Run history: an audit export in JSON Lines (opsbook audit export).")
        Path file;

        @Option(names = "--db", paramLabel = "URL", description = "Run history from the bot's PostgreSQL audit log (JDBC URL).")
        String db;
    }

    @Option(names = "--strict", description = "Exit 1 when any runbook has lint findings.")
    boolean strict;

    @Option(names = "--base-url", paramLabel = "URL", description = "Where the site is published, for canonical links.")
    String baseUrl;

    @Option(names = "--repo-url", paramLabel = "PATTERN",
            description = "Source link pattern with {commit} and {path}, e.g. https://git.example.com/org/repo/blob/{commit}/{path}")
    String repoUrl;

    @Option(names = "--full", description = "Rewrite every page, ignoring the previous build's manifest.")
    boolean full;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;

    public SiteCommand() {
        this(System.getenv());
    }

    /** {@code env} supplies OPSBOOK_DB_USER / OPSBOOK_DB_PASSWORD for {@code --db}. */
    public SiteCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return build(err);
        } catch (UsageError e) {
            err.println("opsbook site: " + e.getMessage());
            return e.exitCode;
        } finally {
            err.flush();
        }
    }

    private int build(PrintWriter err) throws UsageError {
        if (templates != null && !Files.isDirectory(templates)) {
            throw new UsageError("--templates " + templates + ": not a directory");
        }
        if (repoUrl != null && !(repoUrl.contains("{commit}") && repoUrl.contains("{path}"))) {
            throw new UsageError("--repo-url must contain {commit} and {path}, e.g. https://git.example.com/org/repo/blob/{commit}/{path}");
        }
        List<ParsedRunbook> runbooks;
        try {
            runbooks = new RunbookLoader(LintPolicy.DEFAULTS).load(List.of(dir));
        } catch (NoSuchFileException e) {
            throw new UsageError(e.getFile() + ": no such file or directory");
        } catch (IOException e) {
            throw new UsageError("cannot read " + dir + ": " + e.getMessage());
        }
        SiteBuild build = new SiteBuild(runbooks, out, Optional.ofNullable(templates), readHistory(),
                GitSourceHistory.of(Path.of(""), Files.isDirectory(dir) ? dir : dir.toAbsolutePath().getParent()),
                Optional.ofNullable(repoUrl), Optional.ofNullable(baseUrl), Clock.systemUTC(), !full);
        SiteResult result;
        try {
            result = new SiteGenerator().build(build);
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new UsageError("cannot build the site: " + e.getMessage());
        }
        err.println(String.format(Locale.ROOT, "%d runbooks → %s: %d files written, %d unchanged, %d removed in %.2f s; open %s",
                result.runbooks(), out, result.written().size(), result.unchanged(), result.removed(),
                result.elapsed().toMillis() / 1000.0, out.resolve("index.html")));
        if (result.failingLint() > 0) {
            err.println(result.failingLint() + (result.failingLint() == 1 ? " runbook has" : " runbooks have")
                    + " lint findings (shown on their pages and in " + out.resolve("scorecard.html") + "; `opsbook lint` lists them)"
                    + (strict ? "" : "; --strict makes this an error"));
            return strict ? 1 : 0;
        }
        return 0;
    }

    private Optional<RunHistory> readHistory() throws UsageError {
        if (history == null) {
            return Optional.empty();
        }
        if (history.db != null) {
            return Optional.of(SiteDatabaseHistory.read(history.db, env));
        }
        try {
            return Optional.of(HistoryFile.read(history.file));
        } catch (NoSuchFileException e) {
            throw new UsageError("--history " + history.file + ": no such file");
        } catch (IOException e) {
            throw new UsageError("--history " + history.file + ": cannot read: " + e.getMessage());
        } catch (HistoryFile.InvalidHistoryException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** A mistake in the command line or its inputs: reported in one line, exit 2. */
    static final class UsageError extends Exception {
        final int exitCode;

        UsageError(String message) {
            this(USAGE_ERROR, message);
        }

        UsageError(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }
}
