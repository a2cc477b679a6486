package dev.opsbook.reload;

import dev.opsbook.runbook.DocumentKind;
import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runbooks a server serves, re-read on {@link #reload()}. A file that now has errors keeps its last good
 * runbook (shown with the new findings), so one bad edit never takes a runbook off the site. Thread-safe.
 */
public final class RunbookLibrary {
    private final Path directory;
    private final Map<String, Runbook> lastGood = new HashMap<>();
    private final Map<String, DocumentKind> lastGoodKind = new HashMap<>();
    private Map<String, String> hashes = Map.of();
    private List<ParsedRunbook> current = List.of();

    public RunbookLibrary(Path directory) {
        this.directory = directory;
    }

    /** What a reload found: files added, changed or removed (paths as loaded), and the files that now have errors. */
    public record Reload(List<String> changed, List<ParsedRunbook> broken) {}

    public Path directory() {
        return directory;
    }

    /** Re-reads the directory; a missing directory reads as no runbooks. */
    public synchronized Reload reload() {
        List<ParsedRunbook> loaded = RunbookDirectory.readAll(directory);
        Map<String, String> now = new HashMap<>();
        List<ParsedRunbook> served = new ArrayList<>();
        List<ParsedRunbook> broken = new ArrayList<>();
        for (ParsedRunbook p : loaded) {
            now.put(p.path(), sha256(Path.of(p.path())));
            if (!p.hasErrors()) {
                p.runbook().ifPresent(rb -> lastGood.put(p.path(), rb));
                lastGoodKind.put(p.path(), p.kind());
                served.add(p);
                continue;
            }
            broken.add(p);
            Runbook good = lastGood.get(p.path());
            served.add(good == null ? p : new ParsedRunbook(p.path(), Optional.of(good), p.findings(),
                    lastGoodKind.getOrDefault(p.path(), DocumentKind.RUNBOOK)));
        }
        lastGood.keySet().retainAll(now.keySet());
        lastGoodKind.keySet().retainAll(now.keySet());
        Set<String> changed = new TreeSet<>();
        now.forEach((path, hash) -> {
            if (!hash.equals(hashes.get(path))) {
                changed.add(path);
            }
        });
        hashes.keySet().stream().filter(p -> !now.containsKey(p)).forEach(changed::add);
        hashes = now;
        current = List.copyOf(served);
        return new Reload(List.copyOf(changed), List.copyOf(broken));
    }

    /**
     * Every Markdown file as the live site shows it: parsed, with its findings (a broken file with its last good
     * runbook), documents without opsbook policy included.
     */
    public synchronized List<ParsedRunbook> parsed() {
        return current;
    }

    /**
     * The usable runbooks: parsed ones without errors, and the last good version of broken ones. Documents without
     * opsbook policy (docs-only, Runme) are not among them: they run from the command line only.
     */
    public synchronized List<Runbook> runbooks() {
        return RunbookDirectory.servable(current).stream().map(ParsedRunbook::runbook).flatMap(Optional::stream).toList();
    }

    /** Findings of runbook files that have errors now, as {@code path:line:col: error: …} lines. */
    public synchronized List<String> errors() {
        return RunbookDirectory.servable(current).stream().filter(ParsedRunbook::hasErrors)
                .flatMap(p -> p.findings().stream().map(LintFinding::format)).toList();
    }

    private static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
