package dev.opsbook.cli;

import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import dev.opsbook.runbook.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads a runbook to execute: parsed, refused when it has lint errors, with the git commit it comes from. */
record RunbookFile(Runbook runbook, String gitCommit) {

    /** @throws RunCommand.Refusal naming the file and its errors */
    static RunbookFile load(Path path) throws RunCommand.Refusal {
        Path file = path.toAbsolutePath().normalize();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RunCommand.Refusal("runbook " + path + " does not exist");
        } catch (IOException e) {
            throw new RunCommand.Refusal("cannot read runbook " + path + ": " + e.getMessage());
        }
        ParsedRunbook parsed = RunbookParser.parse(file.toString(), bytes);
        List<LintFinding> errors = parsed.findings().stream().filter(f -> f.severity() == Severity.ERROR).toList();
        if (parsed.runbook().isEmpty() || !errors.isEmpty()) {
            StringBuilder sb = new StringBuilder("runbook " + path + " has errors; fix them before running it (opsbook lint "
                    + path + "):");
            errors.forEach(f -> sb.append("\n  ").append(f.format()));
            throw new RunCommand.Refusal(sb.toString());
        }
        return new RunbookFile(parsed.runbook().get(), gitCommit(file));
    }

    /** The HEAD commit of the file's repository, suffixed {@code -dirty} when the file differs from it; "" outside git. */
    static String gitCommit(Path file) {
        String head = git(file.getParent(), "rev-parse", "HEAD");
        if (head.isEmpty()) {
            return "";
        }
        return git(file.getParent(), "status", "--porcelain", "--", file.toString()).isEmpty() ? head : head + "-dirty";
    }

    private static String git(Path dir, String... args) {
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
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
