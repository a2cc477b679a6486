package dev.opsbook.runbook;

import dev.opsbook.runbook.internal.Findings;
import dev.opsbook.runbook.internal.RunbookReader;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds, reads and lints runbooks. Discovery rule: a file named explicitly is always read; in a
 * directory (searched recursively, skipping hidden directories, {@code node_modules} and
 * {@code target}) every {@code *.md} and {@code *.markdown} file is read (docs-only pages included);
 * {@code *.mdx} files are skipped and reported as such. Under {@link LintPolicy#strict()} only files
 * whose first line is {@code ---} are read, as before. Runbook ids must be unique across everything
 * loaded together; an id derived from a path (a document without opsbook policy) that is taken gets
 * its folder names in front ({@code db-readme}) instead of an error.
 */
public final class RunbookLoader {
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", "target");

    private final LintPolicy policy;

    public RunbookLoader(LintPolicy policy) {
        this.policy = policy;
    }

    /**
     * Lints every runbook under {@code paths}, in path order.
     *
     * @throws NoSuchFileException when a named path does not exist (a usage error, not a finding)
     * @throws IOException when a directory cannot be listed
     */
    public List<ParsedRunbook> load(List<Path> paths) throws IOException {
        return scan(paths).runbooks();
    }

    /** A file left out of a directory search, and why. */
    public record Skipped(Path path, String reason) {}

    /** What a search found: every file read, and the files it left out. */
    public record Scan(List<ParsedRunbook> runbooks, List<Skipped> skipped) {
        public Scan {
            runbooks = List.copyOf(runbooks);
            skipped = List.copyOf(skipped);
        }
    }

    /** As {@link #load}, also naming the files a directory search skipped. */
    public Scan scan(List<Path> paths) throws IOException {
        List<Skipped> skipped = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString(), null, "no such file or directory");
            }
            if (Files.isDirectory(p)) {
                for (Path f : walk(p)) {
                    if (f.getFileName().toString().endsWith(".mdx")) {
                        skipped.add(new Skipped(f, "MDX (Markdown with JSX components) is not read; rename it to .md if it has no JSX"));
                    } else {
                        candidates.add(new Candidate(f, false));
                    }
                }
            } else {
                candidates.add(new Candidate(p, true));
            }
        }
        Set<Path> seen = new LinkedHashSet<>();
        List<Candidate> unique = candidates.stream().filter(c -> seen.add(c.path().toAbsolutePath().normalize())).toList();
        List<RunbookReader.Result> results = unique.parallelStream().map(this::read).flatMap(Optional::stream).toList();
        return new Scan(withUniqueIds(results), skipped);
    }

    private record Candidate(Path path, boolean named) {}

    private Optional<RunbookReader.Result> read(Candidate c) {
        String name = c.path().toString();
        byte[] bytes;
        try {
            long size = Files.size(c.path());
            if (size > policy.maxFileBytes()) {
                return c.named() || !policy.strict() || startsWithFrontMatter(head(c.path()))
                        ? Optional.of(tooLarge(name, size)) : Optional.empty();
            }
            bytes = Files.readAllBytes(c.path());
        } catch (IOException | OutOfMemoryError e) {
            LintFinding f = new LintFinding(name, SourcePosition.START, Severity.ERROR, "cannot read the file ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "): check that it exists and is readable",
                    "unreadable-file");
            return Optional.of(new RunbookReader.Result(new ParsedRunbook(name, Optional.empty(), List.of(f)),
                    SourcePosition.START));
        }
        if (!c.named() && policy.strict() && !startsWithFrontMatter(bytes)) {
            return Optional.empty();
        }
        return Optional.of(RunbookReader.read(name, bytes, policy));
    }

    private static byte[] head(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            return in.readNBytes(8);
        }
    }

    /** Not read at all: one finding, like {@link RunbookParser} gives for too many bytes. */
    private RunbookReader.Result tooLarge(String name, long size) {
        LintFinding f = new LintFinding(name, SourcePosition.START, Severity.ERROR, "the file is " + size
                + " bytes, more than the " + policy.maxFileBytes() + " a runbook may have: split it into several runbooks",
                "file-too-large");
        return new RunbookReader.Result(new ParsedRunbook(name, Optional.empty(), List.of(f)), SourcePosition.START);
    }

    static boolean startsWithFrontMatter(byte[] b) {
        int i = b.length >= 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF ? 3 : 0;
        if (b.length < i + 3 || b[i] != '-' || b[i + 1] != '-' || b[i + 2] != '-') {
            return false;
        }
        int j = i + 3;
        while (j < b.length && (b[j] == ' ' || b[j] == '\t')) j++;
        return j == b.length || b[j] == '\n' || b[j] == '\r';
    }

    private static List<Path> walk(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                String n = d.getFileName() == null ? "" : d.getFileName().toString();
                boolean skip = !d.equals(dir) && (n.startsWith(".") || SKIPPED_DIRECTORIES.contains(n));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                String n = f.getFileName().toString();
                if (attrs.isRegularFile() && (n.endsWith(".md") || n.endsWith(".markdown") || n.endsWith(".mdx"))) {
                    files.add(f);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        files.sort(null);
        return files;
    }

    private static List<ParsedRunbook> withUniqueIds(List<RunbookReader.Result> results) {
        Map<String, ParsedRunbook> first = new HashMap<>();
        List<ParsedRunbook> out = new ArrayList<>();
        results.stream().filter(r -> !r.derivedId()).forEach(r -> r.parsed().runbook()
                .ifPresent(rb -> first.putIfAbsent(rb.id(), r.parsed())));
        for (RunbookReader.Result r : results) {
            ParsedRunbook p = r.parsed();
            if (r.derivedId() && p.runbook().isPresent()) {
                Runbook rb = p.runbook().get();
                String id = rb.id();
                Path dir = Path.of(p.path()).toAbsolutePath().normalize().getParent();
                if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equalsIgnoreCase(id)) {
                    dir = dir.getParent(); // db/README.md is "db" already: qualify with the folder above
                }
                while (first.containsKey(id) && dir != null && dir.getFileName() != null) {
                    id = dir.getFileName().toString().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]+", "-") + "-" + id;
                    dir = dir.getParent();
                }
                for (int i = 2; first.containsKey(id); i++) {
                    id = rb.id() + "-" + i;
                }
                ParsedRunbook renamed = id.equals(rb.id()) ? p
                        : new ParsedRunbook(p.path(), Optional.of(rb.withId(id)), p.findings(), p.kind());
                first.put(id, renamed);
                out.add(renamed);
                continue;
            }
            Optional<String> id = p.runbook().map(Runbook::id);
            ParsedRunbook earlier = id.map(i -> first.putIfAbsent(i, p)).orElse(null);
            if (earlier == null || earlier == p) {
                out.add(p);
                continue;
            }
            LintFinding dup = new LintFinding(p.path(), r.idPosition(), Severity.ERROR, "runbook id '" + id.get()
                    + "' is already used by " + earlier.path() + ": runbook ids must be unique, rename one",
                    "duplicate-runbook-id");
            out.add(new ParsedRunbook(p.path(), p.runbook(),
                    Stream.concat(p.findings().stream(), Stream.of(dup)).sorted(Findings.ORDER).toList(), p.kind()));
        }
        return out;
    }
}
