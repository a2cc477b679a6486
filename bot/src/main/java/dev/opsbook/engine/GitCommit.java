package dev.opsbook.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The git commit a runbook file comes from, for the audit log. */
public final class GitCommit {
    private GitCommit() {}

    /** The HEAD commit of the file's repository, suffixed {@code -dirty} when the file differs from it; "" outside git. */
    public static String of(Path file) {
        String head = git(file.getParent(), "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "";
        }
        return git(file.getParent(), "status", "--porcelain", "--", file.toString()).isEmpty() ? head : head + "-dirty";
    }

    /** The HEAD commit of the repository {@code dir} is in; "" outside git. */
    public static String head(Path dir) {
        return git(dir, "rev-parse", "HEAD");
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
