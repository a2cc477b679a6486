package dev.opsbook.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsbook adopt DIR... [--dry-run]}: the same as {@code opsbook lint --fix DIR...}. */
@Command(name = "adopt", mixinStandardHelpOptions = true,
        description = {"Turn existing Markdown into runbooks: write the minimal front matter (id, title, service, an "
                + "owners placeholder) into files that lack it, then lint. Same as 'opsbook lint --fix'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no errors or warnings after the fix", "1:errors or warnings remain", "2:usage error"})
public final class AdoptCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Markdown files or directories.")
    List<Path> paths = List.of();

    @Option(names = "--dry-run", description = "Print the changes as a unified diff and write nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>(List.of("--fix"));
        if (dryRun) {
            args.add("--dry-run");
        }
        paths.forEach(p -> args.add(p.toString()));
        CommandLine lint = new CommandLine(new LintCommand());
        lint.setOut(spec.commandLine().getOut());
        lint.setErr(spec.commandLine().getErr());
        return lint.execute(args.toArray(String[]::new));
    }
}
