package dev.opsbook.cli;

import dev.opsbook.runbook.LintFinding;
import dev.opsbook.runbook.ParsedRunbook;
import dev.opsbook.runbook.Runbook;
import dev.opsbook.runbook.RunbookParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

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
        List<LintFinding> errors = parsed.errors();
        if (parsed.runbook().isEmpty() || !errors.isEmpty()) {
            StringBuilder sb = new StringBuilder("runbook " + path + " has errors; fix them before running it (opsbook lint "
                    + path + "):");
            errors.forEach(f -> sb.append("\n  ").append(f.format()));
            throw new RunCommand.Refusal(sb.toString());
        }
        return new RunbookFile(parsed.runbook().get(), dev.opsbook.engine.GitCommit.of(file));
    }
}
