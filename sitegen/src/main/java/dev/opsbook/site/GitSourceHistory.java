package dev.opsbook.site;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Last-change facts from {@code git}, run as a process. One {@code git log --name-only} over the
 * runbook folder answers for every file (one process instead of one per file). Outside a git
 * work tree, or without git installed, every answer is empty: the site simply omits the facts.
 */
public final class GitSourceHistory implements SourceHistory {
    private final Path workingDir;
    private final Map<String, FileRevision> byRepoPath;
    private final Path topLevel;

    private GitSourceHistory(Path workingDir, Path topLevel, Map<String, FileRevision> byRepoPath) {
        this.workingDir = workingDir;
        this.topLevel = topLevel;
        this.byRepoPath = byRepoPath;
    }

    /** Reads the history of every file under {@code dir}; paths later asked for are resolved against {@code workingDir}. */
    public static SourceHistory of(Path workingDir, Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Optional<String> top = run(abs, List.of("git", "rev-parse", "--show-toplevel")).map(String::strip);
        if (top.isEmpty() || top.get().isEmpty()) {
            return NONE;
        }
        Optional<String> log = run(abs, List.of("git", "log", "--format=%x00%H%x09%cI", "--name-only", "--", "."));
        if (log.isEmpty()) {
            return NONE;
        }
        Map<String, FileRevision> revisions = new HashMap<>();
        String commit = null;
        OffsetDateTime when = null;
        for (String line : log.get().split("\n")) {
            if (line.startsWith("\0")) {
                String[] parts = line.substring(1).split("\t");
                commit = parts[0];
                try {
                    when = OffsetDateTime.parse(parts[1]);
                } catch (DateTimeParseException | ArrayIndexOutOfBoundsException e) {
                    commit = null;
                }
            } else if (!line.isBlank() && commit != null) {
                revisions.putIfAbsent(line.strip(), new FileRevision(commit, when, line.strip()));
            }
        }
        return new GitSourceHistory(workingDir.toAbsolutePath().normalize(), real(Path.of(top.get())), revisions);
    }

    @Override
    public Optional<FileRevision> lastChange(String path) {
        Path abs = workingDir.resolve(path).toAbsolutePath().normalize();
        Path real = real(abs);
        if (!real.startsWith(topLevel)) {
            return Optional.empty();
        }
        String repoPath = topLevel.relativize(real).toString().replace('\\', '/');
        return Optional.ofNullable(byRepoPath.get(repoPath));
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }

    private static Optional<String> run(Path dir, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            StringBuilder out = new StringBuilder();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                char[] buf = new char[8192];
                int n;
                while ((n = r.read(buf)) > 0) {
                    out.append(buf, 0, n);
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return Optional.empty();
            }
            return Optional.of(out.toString());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
